// @ts-check
"use strict";

/**
 * What every part of the production build shares: the repository root, the launch-event script's
 * name and limits, `loadTs` (the TypeScript tools shared with the CLI and the tests, through tsx) and
 * the settings read from the environment.
 */
const fs = require("node:fs");
const path = require("node:path");
const tsx = require("tsx/cjs/api");

const ROOT = path.resolve(__dirname, "../..");
const DEV_ORIGIN = "https://localhost:3000";
/** Office.js from Microsoft's CDN: production add-ins load it from there (PLATFORM.md, "Tooling facts"). */
const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const LAUNCH_EVENT_SCRIPT = "launchevent.js";
/** The launch-event script's budget, gzipped bytes (override with LAUNCHEVENT_MAX_GZIP_BYTES). */
const DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES = 120 * 1024;
/**
 * The syntax the launch-event script may use: ES2020, what every engine that runs it under the
 * manifest's Mailbox 1.14 floor parses.
 * - Classic Outlook on Windows: Mailbox 1.14 arrives with Version 2404, and from Version 2403 its
 *   JavaScript-only runtime is V8; the ES2016 engine was only in earlier builds and Office through
 *   2021 (office-js-docs-pr: testing/runtimes.md, "JavaScript-only runtime"; requirement-sets
 *   outlook-api-requirement-sets.md for 1.14 = 2404).
 * - New Outlook on Windows: Edge WebView2 (Chromium), kept current with Edge
 *   (office-js-docs-pr: concepts/browsers-used-by-office-web-add-ins.md).
 * - Outlook on the web: the browser itself; Microsoft 365 supports the current Edge, Chrome, Firefox
 *   and Safari.
 * - Outlook on Mac: the event runs in Safari's WKWebView (testing/runtimes.md, "Browser runtime"),
 *   i.e. the WebKit of the installed macOS. Microsoft 365 for Mac supports the three most recent macOS
 *   releases, whose Safari is 16 or newer — well past Safari 14, the first with all of ES2020
 *   (optional chaining, `??`, BigInt, `Promise.allSettled`). ES2022 syntax is not assumed: class
 *   static blocks need Safari 16.4.
 * The regular expressions in src/core (`\p{…}` with `u`, ES2018) parse on all of them, so they stay
 * literals.
 */
const LAUNCH_EVENT_ECMA_VERSION = 2020;
/**
 * The launch-event modules' syntax going into webpack (TypeScript removed, newer syntax lowered to
 * what webpack's parser reads); the bundle is then lowered to ES2020 in one pass.
 */
const LAUNCH_EVENT_MODULE_SYNTAX = "es2022";
const RESOLVE_EXTENSIONS = [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"];

/**
 * The TypeScript tools the build shares with the CLI and the tests, loaded through tsx (no second
 * copy of the manifest rewrite or the policy defaults in JavaScript).
 */
function loadTs(file) {
  return tsx.require(path.join(ROOT, file), __filename);
}

/** Build settings from the environment. Throws with a plain message on a bad ADDIN_ORIGIN. */
function settings() {
  const { normaliseOrigin } = loadTs("tools/manifest/manifestChecks.ts");
  const origin = normaliseOrigin((process.env.ADDIN_ORIGIN || DEV_ORIGIN).trim());
  const budget = Number(process.env.LAUNCHEVENT_MAX_GZIP_BYTES || DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES);
  const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const distDir = process.env.DIST_DIR ? path.resolve(process.env.DIST_DIR) : path.join(ROOT, "dist");
  // The build empties its output folder: never the repository or a folder that contains it.
  const relative = path.relative(distDir, ROOT);
  if (relative === "" || !relative.startsWith("..") || path.parse(distDir).root === distDir) {
    throw new Error(`DIST_DIR must be a folder of its own, not ${distDir}`);
  }
  return {
    origin,
    distDir,
    version: String(packageJson.version),
    id: process.env.ADDIN_ID || undefined,
    displayName: process.env.ADDIN_NAME || undefined,
    maxGzipBytes: Number.isFinite(budget) && budget > 0 ? budget : DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES,
  };
}

module.exports = {
  ROOT,
  DEV_ORIGIN,
  OFFICE_JS_URL,
  LAUNCH_EVENT_SCRIPT,
  DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES,
  LAUNCH_EVENT_ECMA_VERSION,
  LAUNCH_EVENT_MODULE_SYNTAX,
  RESOLVE_EXTENSIONS,
  loadTs,
  settings,
};
