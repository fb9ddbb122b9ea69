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
/** The syntax the launch-event script may use: classic Outlook's JavaScript-only runtime before 2403. */
const LAUNCH_EVENT_ECMA_VERSION = 2016;
/**
 * The launch-event modules' syntax going into webpack (TypeScript removed, newer syntax lowered to
 * what webpack's parser reads); the bundle is then lowered to ES2016 in one pass.
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
