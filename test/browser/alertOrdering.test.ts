import { join } from "node:path";
import { addinErrors, field, openCompose, SCREENSHOT_DIR, screenshot, send, SEND_TIMEOUT_MS, setRecipients, settled, smartAlert, taskPane, taskPaneFrame, useHarness } from "./support/browserHarness";

/**
 * The Smart Alert a person reads when several rules apply at once (demo tenant): blocking reasons
 * first and whole, the rest counted for the task pane, and one button — the fix for the most severe
 * reason — that opens the pane on that fix, focused and explained, one press from done.
 */

const harness = useHarness();

/** The demo reply-all, plus personal webmail (blocked), a look-alike of the trust's domain (blocked) and a care-home partner (external). */
const TO = "j.whitaker@riverside.nhs.uk, all.staff@riverside.nhs.uk, someone@gmail.com, p.shah@rlverside.nhs.uk, sarah.jones@carewell.co.uk";

describe("the Smart Alert for several reasons", () => {
  it("tells blocking reasons first, offers the most severe one's fix, and the pane opens on it", async () => {
    const { page, problems } = await openCompose(harness());
    await setRecipients(page, "To", TO);
    await send(page);
    const alert = smartAlert(page);
    await alert.waitFor({ timeout: SEND_TIMEOUT_MS });
    const text = await alert.locator(".alert-message").innerText();

    // Blocking reasons first, whole, in severity order; what did not fit is counted, not dropped.
    const blocked = text.indexOf("doesn't allow messages to gmail.com");
    const lookalike = text.indexOf("rlverside.nhs.uk looks like riverside.nhs.uk");
    const large = text.indexOf("will reach at least 840,00");
    expect(blocked).toBeGreaterThanOrEqual(0);
    expect(lookalike).toBeGreaterThan(blocked);
    expect(large).toBeGreaterThan(lookalike);
    expect(text).toContain("over the limit of 1,000 for replies");
    expect(text).not.toContain("between 840,000 and 840,001");
    const outsiders = text.includes("outside your organisation");
    if (!outsiders) expect(text).toMatch(/…and \d more in the task pane\./);
    await alert.screenshot({ path: join(SCREENSHOT_DIR, "several-reasons-1-smart-alert.png") });

    // One button: the fix of the most severe reason (blocked webmail), not "Move lists to Bcc".
    const action = alert.getByRole("button").filter({ hasNotText: /^(Don't Send|Send Anyway)$/ });
    await expect(action.innerText()).resolves.toBe("Remove blocked");
    await action.click();

    // The pane opens on that fix: first, focused, explained.
    await taskPane(page).waitFor();
    const pane = taskPaneFrame(page);
    const fix = pane.getByRole("button", { name: "Remove blocked recipients" });
    await fix.waitFor({ timeout: SEND_TIMEOUT_MS });
    await expect(fix.evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    await expect(fix.getAttribute("aria-describedby")).resolves.toBeTruthy();
    await expect(pane.getByText("This is the fix the Send alert offered.", { exact: false }).count()).resolves.toBe(1);
    await expect(pane.getByRole("button").filter({ hasText: /^Remove|^Reply/ }).first().innerText()).resolves.toBe("Remove blocked recipients");
    await settled(page);
    await taskPane(page).screenshot({ path: join(SCREENSHOT_DIR, "several-reasons-2-task-pane.png") });

    // One press from done.
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => !(document.getElementById("field-to") as HTMLInputElement).value.includes("gmail.com"));
    await expect(field(page, "To").inputValue()).resolves.toContain("p.shah@rlverside.nhs.uk");
    await screenshot(page, "several-reasons-3-fixed");
    expect(await addinErrors(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
