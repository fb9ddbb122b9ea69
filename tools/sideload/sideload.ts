/**
 * `npm run sideload` / `npm run unsideload`: sideloads dist/manifest.xml into Outlook with
 * office-addin-debugging (`start` / `stop`) where that optional dependency installed — it builds
 * native parts and does not install everywhere, so it is not a normal dependency. Where it is
 * missing, prints the steps for Outlook on the web instead and exits 1: nothing was sideloaded.
 *
 *   npm run sideload [-- MANIFEST]      default dist/manifest.xml (run npm run dev-server first)
 *   npm run unsideload [-- MANIFEST]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";

const ROOT = resolve(__dirname, "..", "..");
const USAGE = "usage: tsx tools/sideload/sideload.ts start|stop [MANIFEST]";

/** Outlook on the web's own sideloading, which needs no tool (office-js-docs-pr: outlook/sideload-outlook-add-ins-for-testing.md). */
export function webSteps(manifest: string, command: "start" | "stop"): string {
  if (command === "stop") {
    return [
      "office-addin-debugging is not installed here, so nothing was removed. In Outlook on the web:",
      "  open https://aka.ms/olksideload → My add-ins → Custom add-ins → Audience Guard → … → Remove.",
    ].join("\n");
  }
  return [
    "office-addin-debugging is not installed here (it is optional and does not build on every machine), so nothing was sideloaded.",
    "Sideload by hand in Outlook on the web:",
    "  1. npm run dev-server        (serves dist/ at https://localhost:3000; trust its certificate in your browser)",
    "  2. open https://aka.ms/olksideload → My add-ins → Custom add-ins → Add a custom add-in → Add from file…",
    `  3. choose ${manifest}`,
    "  4. compose a message: Check audience opens the task pane, Send runs the check.",
  ].join("\n");
}

/** The CLI of office-addin-debugging, when the optional dependency installed. */
function debuggingCli(): string | undefined {
  try {
    const pkg = require.resolve("office-addin-debugging/package.json", { paths: [ROOT] });
    const bin = (JSON.parse(readFileSync(pkg, "utf8")) as { bin?: string | Record<string, string> }).bin;
    const relative = typeof bin === "string" ? bin : bin?.["office-addin-debugging"];
    const cli = relative === undefined ? undefined : join(dirname(pkg), relative);
    return cli !== undefined && existsSync(cli) ? cli : undefined;
  } catch {
    return undefined;
  }
}

export function main(argv: readonly string[]): number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: {} });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, file, ...rest] = parsed.positionals;
  if ((command !== "start" && command !== "stop") || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const manifest = resolve(file ?? join(ROOT, "dist", "manifest.xml"));
  if (command === "start" && !existsSync(manifest)) {
    console.error(`${manifest} does not exist: run npm run dev-server (or npm run build) first.`);
    return 1;
  }
  const cli = debuggingCli();
  if (!cli) {
    console.error(webSteps(manifest, command));
    return 1;
  }
  const result = spawnSync(process.execPath, [cli, command, manifest, ...(command === "start" ? ["desktop", "--app", "outlook"] : [])], { stdio: "inherit", cwd: ROOT });
  return result.status ?? 1;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
