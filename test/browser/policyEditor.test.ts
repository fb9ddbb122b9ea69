import { openCompose, screenshot, send, SEND_TIMEOUT_MS, sentItems, setRecipients, smartAlert, useHarness } from "./support/browserHarness";

/** The simulator's policy panel: validated as it is typed, refused with its paths when invalid, applied when valid. */

const harness = useHarness();

describe("the policy panel", () => {
  it("refuses an invalid policy edit and names the path of each problem", async () => {
    const { page, problems } = await openCompose(harness());
    const before = harness().simulator.policyText;
    const editor = page.getByRole("textbox", { name: "Policy", exact: true });
    await editor.fill(JSON.stringify({ limits: { reply: { warnAbove: -1 } }, trustedDomains: ["gmail.com"], blockedDomains: ["gmail.com"] }, null, 2));

    const found = page.getByRole("list", { name: "Problems found" });
    await expect(found.innerText()).resolves.toContain("limits.reply.warnAbove: expected a whole number ≥ 0 or null");
    await expect(page.getByRole("button", { name: "Apply policy" }).isDisabled()).resolves.toBe(true);
    await expect(editor.getAttribute("aria-invalid")).resolves.toBe("true");
    await screenshot(page, "policy-1-invalid-edit-refused");

    // The server refuses it too, and /policy.json is unchanged.
    const refused = await page.evaluate(async (body) => {
      const response = await fetch("/simulator/api/policy", { method: "POST", body });
      return { status: response.status, body: (await response.json()) as { problems: { path: string }[] } };
    }, await editor.inputValue());
    expect(refused.status).toBe(400);
    expect(refused.body.problems.map((p) => p.path)).toContain("limits.reply.warnAbove");
    expect(harness().simulator.policyText).toBe(before);
    expect(problems).toEqual([]);
  });

  it("applies a valid edit so that the add-in's next check uses it", async () => {
    const { page, problems } = await openCompose(harness());
    const editor = page.getByRole("textbox", { name: "Policy", exact: true });
    const policy = JSON.parse(await editor.inputValue()) as Record<string, unknown>;
    await editor.fill(JSON.stringify({ ...policy, external: "block" }, null, 2));
    await page.getByRole("button", { name: "Apply policy" }).click();
    await page.getByRole("alert").filter({ hasText: "Policy applied" }).waitFor();
    expect(JSON.parse(harness().simulator.policyText)).toMatchObject({ external: "block" });

    // An outsider now blocks: no Send Anyway.
    await page.getByRole("button", { name: "New message" }).click();
    await setRecipients(page, "To", "sarah.jones@carewell.co.uk");
    await send(page);
    const alert = smartAlert(page);
    await alert.waitFor({ timeout: SEND_TIMEOUT_MS });
    await expect(alert.getByRole("button", { name: "Send Anyway" }).count()).resolves.toBe(0);
    await screenshot(page, "policy-2-applied-outsider-blocked");
    await alert.getByRole("button", { name: "Don't Send" }).click();
    await expect(sentItems(page).getByRole("listitem").count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });
});
