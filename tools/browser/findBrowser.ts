import { existsSync } from "node:fs";

/**
 * Where the browser tests and the benchmark find a Chromium-family browser. `CHROMIUM_PATH` wins;
 * otherwise the first of the usual install places that exists: Debian's Chromium first (what CI
 * installs with `apt-get install -y chromium`), then Chrome and Edge on Linux and macOS.
 */
export const BROWSER_CANDIDATES: readonly string[] = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/microsoft-edge",
  "/usr/bin/microsoft-edge-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/** Flags for a headless run on a closed network, as root or not (`--no-sandbox` is needed as root). */
export const BROWSER_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The browser to drive; throws with what to do when none is found. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): string {
  const chosen = env["CHROMIUM_PATH"];
  if (chosen) {
    if (!exists(chosen)) throw new Error(`CHROMIUM_PATH names ${chosen}, which does not exist`);
    return chosen;
  }
  const found = BROWSER_CANDIDATES.find((path) => exists(path));
  if (!found) {
    throw new Error(
      "No Chromium, Chrome or Edge found. Install one (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to its executable.",
    );
  }
  return found;
}
