import { addinErrors, field, lastSendTimes, openCompose, screenshot, send, SEND_TIMEOUT_MS, sentItems, setRecipients, settled, smartAlert, taskPane, taskPaneFrame, tokenGrants, useHarness } from "./support/browserHarness";

/**
 * The add-in's real bundles in the simulated Outlook compose window, against the fake Graph
 * server loaded with the demo tenant (tools/simulator/demo.scenario.json).
 */

const harness = useHarness();

describe("Send in the simulated Outlook", () => {
  it("blocks the 840,000-person reply-all, fixes it from the task pane with one click, then sends it", async () => {
    const { page, problems } = await openCompose(harness());
    await expect(field(page, "To").inputValue()).resolves.toContain("all.staff@riverside.nhs.uk");
    await expect(page.getByLabel("Compose type").inputValue()).resolves.toBe("replyAll");
    await screenshot(page, "reply-all-1-compose");

    const graphBefore = harness().simulator.fakeGraph.requestCount;
    await send(page);
    const alert = smartAlert(page);
    await alert.waitFor({ timeout: SEND_TIMEOUT_MS });
    await expect(alert.innerText()).resolves.toMatch(/840,00\d/);
    // A block: the person cannot override it.
    await expect(alert.getByRole("button", { name: "Send Anyway" }).count()).resolves.toBe(0);
    await expect(alert.getByRole("button", { name: "Don't Send" }).count()).resolves.toBe(1);
    await screenshot(page, "reply-all-2-smart-alert-blocked");

    // The real token path ran: MSAL's nested app authentication asked the simulated host for a
    // token, and the fake Graph server (which accepts only that token) answered.
    const grants = await tokenGrants(page);
    expect(grants.length).toBeGreaterThan(0);
    expect(grants[0]?.scopes).toMatch(/graph\.microsoft\.com/);
    expect(harness().simulator.fakeGraph.requestCount).toBeGreaterThan(graphBefore);
    const times = await lastSendTimes(page);
    console.log(`reply-all check: handler answered in ${String(times.handlerMs)} ms (${String(times.sinceClickMs)} ms from the Send click, loading the runtime included)`);

    // The Smart Alert's action button opens the task pane with the fixes.
    const action = alert.getByRole("button").filter({ hasNotText: /^(Don't Send|Send Anyway)$/ });
    await expect(action.count()).resolves.toBe(1);
    await action.click();
    await taskPane(page).waitFor();
    const fix = taskPaneFrame(page).getByRole("button", { name: "Reply to the sender only" });
    await fix.waitFor({ timeout: SEND_TIMEOUT_MS });
    await settled(page);
    await screenshot(page, "reply-all-3-task-pane-fixes");

    await fix.click();
    await page.waitForFunction(() => (document.getElementById("field-to") as HTMLInputElement).value === "j.whitaker@riverside.nhs.uk");
    await expect(field(page, "Cc").inputValue()).resolves.toBe("");
    await expect(field(page, "Bcc").inputValue()).resolves.toBe("");
    await screenshot(page, "reply-all-4-fixed");

    await send(page);
    const sent = sentItems(page).getByRole("listitem").filter({ hasText: "j.whitaker@riverside.nhs.uk" });
    await sent.waitFor({ timeout: SEND_TIMEOUT_MS });
    await expect(sent.innerText()).resolves.toContain("Reply all");
    await expect(sentItems(page).innerText()).resolves.not.toContain("all.staff@riverside.nhs.uk");
    await screenshot(page, "reply-all-5-sent");
    expect(await addinErrors(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("warns about a message to an outsider, and Send Anyway sends it", async () => {
    const { page, problems } = await openCompose(harness());
    await page.getByRole("button", { name: "New message" }).click();
    await setRecipients(page, "To", "sarah.jones@carewell.co.uk");
    await page.getByLabel("Subject").fill("Discharge plan for bed 12");
    await page.getByLabel("Message body").fill("Hi Sarah, the discharge plan is attached. Sam");
    await screenshot(page, "outsider-1-compose");

    await send(page);
    const alert = smartAlert(page);
    await alert.waitFor({ timeout: SEND_TIMEOUT_MS });
    await expect(alert.innerText()).resolves.toContain("carewell.co.uk");
    const sendAnyway = alert.getByRole("button", { name: "Send Anyway" });
    await expect(sendAnyway.count()).resolves.toBe(1);
    await screenshot(page, "outsider-2-smart-alert-warning");

    await sendAnyway.click();
    const sent = sentItems(page).getByRole("listitem").filter({ hasText: "sarah.jones@carewell.co.uk" });
    await sent.waitFor({ timeout: SEND_TIMEOUT_MS });
    await expect(sent.innerText()).resolves.toContain("Send Anyway");
    await screenshot(page, "outsider-3-sent");
    expect(await addinErrors(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("blocks a look-alike recipient, removes it in one click, and sends the rest", async () => {
    const { page, problems } = await openCompose(harness());
    await page.getByRole("button", { name: "New message" }).click();
    await page.getByLabel("Compose type").selectOption("forward");
    await setRecipients(page, "To", "p.shah@riverside.nhs.uk; p.shah@rlverside.nhs.uk");
    await page.getByLabel("Subject").fill("Pharmacy stock for ward 7");
    await page.getByLabel("Message body").fill("Priya, we are short of saline flushes again. Sam");

    await send(page);
    const alert = smartAlert(page);
    await alert.waitFor({ timeout: SEND_TIMEOUT_MS });
    await expect(alert.innerText()).resolves.toContain("rlverside.nhs.uk");
    await expect(alert.getByRole("button", { name: "Send Anyway" }).count()).resolves.toBe(0);
    await screenshot(page, "lookalike-1-smart-alert-blocked");

    // This time: Don't Send, then the add-in's ribbon button, as a person might.
    await alert.getByRole("button", { name: "Don't Send" }).click();
    await expect(alert.isVisible()).resolves.toBe(false);
    await page.getByRole("toolbar").getByRole("button").first().click();
    const fix = taskPaneFrame(page).getByRole("button", { name: /look-alike/i });
    await fix.waitFor({ timeout: SEND_TIMEOUT_MS });
    await settled(page);
    await screenshot(page, "lookalike-2-task-pane");

    await fix.click();
    await page.waitForFunction(() => (document.getElementById("field-to") as HTMLInputElement).value === "p.shah@riverside.nhs.uk");
    await send(page);
    const sent = sentItems(page).getByRole("listitem").filter({ hasText: "Pharmacy stock" });
    await sent.waitFor({ timeout: SEND_TIMEOUT_MS });
    await expect(sent.innerText()).resolves.not.toContain("rlverside");
    await expect(sent.innerText()).resolves.toContain("Forward");
    await screenshot(page, "lookalike-3-sent");
    expect(await addinErrors(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
