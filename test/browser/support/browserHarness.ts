import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type FrameLocator, type Locator, type Page } from "playwright-core";
import { BROWSER_ARGS, findBrowser } from "../../../tools/browser/findBrowser";
import { REPO_ROOT } from "../../../tools/simulator/ensureBuilt";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../../tools/simulator/startSimulator";

/**
 * One simulator (on a free loopback port) and one headless Chromium for a browser test file.
 * The browser is Debian's Chromium, or Chrome or Edge, or what `CHROMIUM_PATH` names (see
 * tools/browser/findBrowser.ts), driven by playwright-core with a fresh profile.
 */

export const SCREENSHOT_DIR = join(REPO_ROOT, "test-results", "screenshots");
/** Building the add-in on a cold machine takes a while; everything else is quick. */
export const SETUP_TIMEOUT_MS = 10 * 60_000;
export const TEST_TIMEOUT_MS = 120_000;
/** How long a Send may take to come back: Outlook's own "taking longer" notice appears after 5 s. */
export const SEND_TIMEOUT_MS = 30_000;

export interface Harness {
  simulator: Simulator;
  context: BrowserContext;
  close(): Promise<void>;
}

export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  const executablePath = findBrowser();
  // GUARD_SIMULATOR_DIST: test an already-built add-in folder (e.g. a DIST_DIR build) instead of building dist/.
  const distDir = process.env["GUARD_SIMULATOR_DIST"];
  const simulator = await startSimulator({ port: 0, ...(distDir ? { distDir } : {}), ...options });
  const profile = mkdtempSync(join(tmpdir(), "guard-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: [...BROWSER_ARGS], viewport: { width: 1440, height: 900 } });
  } catch (error) {
    await simulator.close();
    throw error;
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    simulator,
    context,
    async close() {
      await context.close();
      await simulator.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A fresh compose window; page errors fail the test that reads `problems`. */
export async function openCompose(harness: Harness, query = ""): Promise<{ page: Page; problems: string[] }> {
  const page = await harness.context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${harness.simulator.url}${query}`);
  await page.getByRole("button", { name: "Send", exact: true }).waitFor();
  return { page, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

export function field(page: Page, name: "To" | "Cc" | "Bcc"): Locator {
  return page.getByRole("textbox", { name, exact: true });
}

export function smartAlert(page: Page): Locator {
  return page.getByRole("dialog", { name: "Audience Guard" });
}

export function taskPane(page: Page): Locator {
  return page.getByRole("region", { name: "Audience Guard task pane", exact: true });
}

export function taskPaneFrame(page: Page): FrameLocator {
  return taskPane(page).frameLocator("iframe");
}

export function sentItems(page: Page): Locator {
  return page.getByRole("region", { name: "Sent items" });
}

/** Types recipients into a field and leaves it, as a person does (Outlook resolves on blur). */
export async function setRecipients(page: Page, name: "To" | "Cc" | "Bcc", text: string): Promise<void> {
  const box = field(page, name);
  await box.fill(text);
  await box.blur();
}

export async function send(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Send", exact: true }).click();
}

/** Waits for the task pane to finish a re-check it shows as busy, so that a screenshot shows the result. */
export async function settled(page: Page): Promise<void> {
  await taskPaneFrame(page).locator('[aria-busy="true"], [role="progressbar"]').first().waitFor({ state: "hidden", timeout: 10_000 }).catch(() => undefined);
}

/** Add-in mistakes the simulator noticed (wrong Office.js use, limits exceeded, completed twice). */
export function addinErrors(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __outlookSimulator: { errors: string[] } }).__outlookSimulator.errors);
}

export function tokenGrants(page: Page): Promise<{ method: string; clientId: string; scopes: string }[]> {
  return page.evaluate(() => (window as unknown as { __outlookSimulator: { tokenGrants: { method: string; clientId: string; scopes: string }[] } }).__outlookSimulator.tokenGrants.slice());
}

/** The last Send's timings: from the click (runtime load included) and from calling the handler, to `completed`. */
export function lastSendTimes(page: Page): Promise<{ sinceClickMs: number | undefined; handlerMs: number | undefined }> {
  return page.evaluate(() => {
    const probe = (window as unknown as { __outlookSimulator: { lastSendMs: number | undefined; lastHandlerMs: number | undefined } }).__outlookSimulator;
    return { sinceClickMs: probe.lastSendMs, handlerMs: probe.lastHandlerMs };
  });
}

/**
 * Starts one harness for the test file that calls it (before all its tests) and closes it after them;
 * returns a getter for it.
 */
export function useHarness(options: SimulatorOptions = {}): () => Harness {
  jest.setTimeout(TEST_TIMEOUT_MS);
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(options);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error("the browser harness did not start");
    return harness;
  };
}
