import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { openCompose, screenshot, send, SEND_TIMEOUT_MS, smartAlert, taskPane, taskPaneFrame, useHarness } from "./support/browserHarness";

/**
 * axe-core on the task pane (inside its frame) and on the simulated compose window: no violations
 * of WCAG 2.1 A/AA, whatever their impact, and none of axe's best practices for landmarks and
 * scrollable regions (every scrolling box reachable by keyboard, no two landmarks with one name).
 */


const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

const harness = useHarness();

async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  return results.violations.map((v) => `${v.id} (${String(v.impact)}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
}

describe("accessibility", () => {
  it("the task pane has no axe violations", async () => {
    const { page } = await openCompose(harness());
    await page.getByRole("toolbar").getByRole("button").first().click();
    await taskPane(page).waitFor();
    await taskPaneFrame(page).getByRole("button", { name: "Reply to the sender only" }).waitFor({ timeout: SEND_TIMEOUT_MS });
    const results = await new AxeBuilder({ page }).include("#taskpane").withTags(WCAG_TAGS).analyze();
    // The pane's own document was analysed, not just the frame element around it.
    const inFrame = [...results.passes, ...results.violations].some((rule) => rule.nodes.some((node) => node.target.length > 1));
    expect(inFrame).toBe(true);
    expect(await seriousViolations(page, "#taskpane")).toEqual([]);
  });

  it("the compose window, with its Smart Alert open, has no axe violations", async () => {
    const { page } = await openCompose(harness());
    expect(await seriousViolations(page)).toEqual([]);
    await send(page);
    await smartAlert(page).waitFor({ timeout: SEND_TIMEOUT_MS });
    await screenshot(page, "accessibility-smart-alert");
    expect(await seriousViolations(page, "#smart-alert")).toEqual([]);
  });
});
