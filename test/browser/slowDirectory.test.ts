import { join } from "node:path";
import { lastSendTimes, openCompose, screenshot, send, sentItems, smartAlert, useHarness } from "./support/browserHarness";

/**
 * A directory that never answers (the scenario's `network.hang`) under a policy that would wait 7 s:
 * the add-in still answers before Outlook's "taking longer than expected" notice (5 s), by its
 * directory-failure rule.
 */

const harness = useHarness({ scenarioFile: join(__dirname, "fixtures", "slow-directory.scenario.json") });

describe("a slow directory", () => {
  it("answers before Outlook's 5-second notice, with the directory-failure warning", async () => {
    const { page, problems } = await openCompose(harness());
    await send(page);
    const alert = smartAlert(page);
    await alert.waitFor({ timeout: 15_000 });
    const times = await lastSendTimes(page);
    console.log(`hung directory: handler answered in ${String(times.handlerMs)} ms (${String(times.sinceClickMs)} ms from the Send click, loading the runtime included)`);
    expect(times.handlerMs).toBeLessThan(5_000);
    await expect(alert.innerText()).resolves.toMatch(/in time|too long/);
    await screenshot(page, "slow-directory-warning");
    await alert.getByRole("button", { name: "Send Anyway" }).click();
    await sentItems(page).getByRole("listitem").filter({ hasText: "everyone@contoso.example" }).waitFor();
    expect(problems).toEqual([]);
  });
});
