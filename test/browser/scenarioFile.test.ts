import { join } from "node:path";
import { addinErrors, field, openCompose, screenshot, send, SEND_TIMEOUT_MS, sentItems, smartAlert, taskPane, taskPaneFrame, useHarness } from "./support/browserHarness";

/** `GUARD_SCENARIO=FILE npm start`: the file's policy, directory, message and network replace the demo's. */

const harness = useHarness({ scenarioFile: join(__dirname, "fixtures", "partner.scenario.json") });

describe("the simulator on a scenario file", () => {
  it("fills the compose window from the file and checks with its policy", async () => {
    const { page, problems } = await openCompose(harness());
    await expect(field(page, "To").inputValue()).resolves.toBe("lee@partner.example.org; team@contoso.example");
    await expect(field(page, "Cc").inputValue()).resolves.toBe("someone@fabrikam.com");
    await expect(page.getByLabel("Compose type").inputValue()).resolves.toBe("forward");
    expect(JSON.parse(harness().simulator.policyText)).toMatchObject({ external: "block", trustedDomains: ["partner.example.org"] });

    await send(page);
    const alert = smartAlert(page);
    await alert.waitFor({ timeout: SEND_TIMEOUT_MS });
    await expect(alert.innerText()).resolves.toContain("fabrikam.com");
    await expect(alert.getByRole("button", { name: "Send Anyway" }).count()).resolves.toBe(0);
    await alert.getByRole("button").filter({ hasNotText: /^(Don't Send|Send Anyway)$/ }).click();
    await taskPane(page).waitFor();
    const fix = taskPaneFrame(page).getByRole("button", { name: "Remove external recipients" });
    await fix.waitFor({ timeout: SEND_TIMEOUT_MS });
    await fix.click();
    await page.waitForFunction(() => (document.getElementById("field-cc") as HTMLInputElement).value === "");
    await screenshot(page, "scenario-file-fixed");
    await send(page);
    await sentItems(page).getByRole("listitem").filter({ hasText: "Forward" }).waitFor({ timeout: SEND_TIMEOUT_MS });
    await expect(sentItems(page).innerText()).resolves.not.toContain("fabrikam.com");
    expect(await addinErrors(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
