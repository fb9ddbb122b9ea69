import { startSimulator } from "./startSimulator";

/**
 * `npm start`: builds the add-in if dist/ is missing or stale, then serves the simulated Outlook
 * compose window on http://localhost:3000/ (port from PORT) with the demo tenant, or with the
 * scenario named by GUARD_SCENARIO. Runs until SIGINT or SIGTERM.
 */
async function main(): Promise<void> {
  const portText = process.env["PORT"] ?? "3000";
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    console.error(`PORT must be a number from 0 to 65535, not ${JSON.stringify(portText)}`);
    process.exit(2);
  }
  const scenarioFile = process.env["GUARD_SCENARIO"] || undefined;
  const simulator = await startSimulator({ port, ...(scenarioFile ? { scenarioFile } : {}) });
  console.log(`Audience Guard simulator: ${simulator.url}`);
  console.log(`  fake Microsoft Graph: ${simulator.fakeGraph.url}`);
  console.log(`  scenario: ${scenarioFile ?? "demo (tools/simulator/demo.scenario.json)"}`);
  const stop = (): void => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
