import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Builds the add-in (`npm run build` → dist/) when dist/ is missing or older than its sources, so
 * that `npm start` and the browser tests always run the current bundles. Concurrent callers (jest
 * workers) share one build through a lock directory.
 */

export const REPO_ROOT = join(__dirname, "..", "..");
export const DIST_DIR = join(REPO_ROOT, "dist");

/** The files the simulator serves from dist/ and cannot do without. */
export const REQUIRED_DIST_FILES = ["manifest.xml", "taskpane.html", "taskpane.js", "launchevent.html", "launchevent.js", "domain-data.json", "domain-data/confusables.json", "policy.json"];

/** What a change to requires a rebuild. */
const SOURCES = ["src", "assets", "manifest.xml", "webpack.config.js", "tools/webpack", "package.json", "tsconfig.json"];

/**
 * Touched after each build this module runs. webpack leaves an output whose content did not change
 * untouched (manifest.xml, policy.json), so the outputs' own times can stay older than the sources.
 */
function stampFile(root: string): string {
  return join(root, "node_modules", ".cache", "audience-guard-simulator", "build-stamp");
}

/** A build older than this holding the lock is presumed dead. */
const STALE_LOCK_MS = 15 * 60_000;

async function newestMtime(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/** Why dist/ needs a build, or undefined when it is current. */
export async function whyBuildNeeded(root = REPO_ROOT): Promise<string | undefined> {
  let oldest = Infinity;
  for (const file of REQUIRED_DIST_FILES) {
    try {
      oldest = Math.min(oldest, (await stat(join(root, "dist", file))).mtimeMs);
    } catch {
      return `dist/${file} is missing`;
    }
  }
  const builtAt = Math.max(oldest, await stat(stampFile(root)).then((info) => info.mtimeMs, () => 0));
  let newest = 0;
  for (const source of SOURCES) newest = Math.max(newest, await newestMtime(join(root, source)));
  return newest > builtAt ? "dist/ is older than the sources" : undefined;
}

function runBuild(root: string, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "--silent", "build"], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let output = "";
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) {
        log("build finished");
        resolve();
      } else reject(new Error(`npm run build failed with exit code ${String(code)}:\n${output.slice(-4000)}`));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A lock directory holding the owner's pid; a lock whose owner died, or that is too old, is broken. */
async function acquireLock(dir: string): Promise<() => Promise<void>> {
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(join(dir, "pid"), String(process.pid));
      return () => rm(dir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (await stat(dir).then((s) => s.mtimeMs, () => Date.now()));
      const owner = Number(await readFile(join(dir, "pid"), "utf8").catch(() => ""));
      const dead = Number.isInteger(owner) && owner > 0 && !isAlive(owner);
      if (dead || age > STALE_LOCK_MS) await rm(dir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Builds dist/ if it is missing or stale; resolves when dist/ is current. */
export async function ensureBuilt(options: { root?: string; log?: (line: string) => void } = {}): Promise<void> {
  const root = options.root ?? REPO_ROOT;
  const log = options.log ?? ((line: string) => console.error(`[simulator] ${line}`));
  if ((await whyBuildNeeded(root)) === undefined) return;
  const lock = join(tmpdir(), `audience-guard-build-${createHash("sha256").update(root).digest("hex").slice(0, 12)}.lock`);
  const release = await acquireLock(lock);
  try {
    // Another process may have built while this one waited for the lock.
    const why = await whyBuildNeeded(root);
    if (why === undefined) return;
    log(`${why}: running npm run build…`);
    const started = Date.now();
    await runBuild(root, log);
    await mkdir(join(stampFile(root), ".."), { recursive: true });
    await writeFile(stampFile(root), `${new Date(started).toISOString()}\n`);
    // Dated when the build started: a source saved during the build still counts as newer.
    await utimes(stampFile(root), started / 1000, started / 1000);
  } finally {
    await release();
  }
}
