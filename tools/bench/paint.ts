import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { BROWSER_ARGS, findBrowser } from "../browser/findBrowser";
import { startSimulator } from "../simulator/startSimulator";

/** First useful paint of the task pane, ms from the pane's navigation start, per run. */
export interface PaintRun {
  /** First contentful paint of the pane (its loading view). */
  firstContentfulPaintMs: number;
  /** The verdict and the people reached are on screen: the first useful view. */
  firstUsefulPaintMs: number;
}

/**
 * Opens the real task pane in the simulator (demo tenant: a reply-all to the 840,000-person list)
 * `runs` times in headless Chromium, each in a fresh page, and reads the pane's own clock when its
 * summary appears. The first run is cold (nothing cached); later runs reuse the browser's HTTP cache,
 * as Outlook does.
 */
export async function measureTaskPanePaint(runs: number): Promise<PaintRun[]> {
  const simulator = await startSimulator({ port: 0, log: () => undefined });
  const profile = mkdtempSync(join(tmpdir(), "guard-bench-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: findBrowser(), headless: true, args: [...BROWSER_ARGS], viewport: { width: 1440, height: 900 } });
  try {
    const results: PaintRun[] = [];
    for (let i = 0; i < runs; i++) {
      const page = await context.newPage();
      await page.goto(simulator.url);
      await page.getByRole("button", { name: "Check audience" }).click();
      const pane = page.getByRole("region", { name: "Audience Guard task pane", exact: true }).frameLocator("iframe");
      await pane.getByRole("heading", { name: "Who this message reaches" }).waitFor({ timeout: 30_000 });
      const frame = page.frames().find((f) => f.url().includes("taskpane.html"));
      if (!frame) throw new Error("task pane frame not found");
      const timing = await frame.evaluate(() => ({
        now: performance.now(),
        fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
      }));
      results.push({ firstContentfulPaintMs: timing.fcp, firstUsefulPaintMs: timing.now });
      await page.close();
    }
    return results;
  } finally {
    await context.close();
    await simulator.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
