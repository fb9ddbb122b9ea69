import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validatePolicy } from "../../src/core/policy";
import { checkManifest, launchEventRuntime } from "../../tools/manifest/manifestChecks";

/**
 * The full production build (`ADDIN_ORIGIN=… npm run build`, both compilations) for an organisation
 * with its own add-in id and name, checked the way IT deploys it (CONTRACT.md §6): every URL the
 * manifests name is on the origin and is a file the build wrote, and the unified manifest validates
 * offline.
 */

const ROOT = join(__dirname, "..", "..");
const ORIGIN = "https://addins.example.org";
const ADDIN_ID = "2c7f1f0e-5d3a-4b9e-8f61-0a4c2e9b7d15";
const ADDIN_NAME = "Riverside Audience Guard";
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

let dist = "";
let output = "";
let code: number | null = null;

const read = (file: string): string => readFileSync(join(dist, file), "utf8");

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), "audience-guard-deploy-"));
  await new Promise<void>((resolve, reject) => {
    const child = spawn("npx", ["webpack", "--mode", "production"], {
      cwd: ROOT,
      env: { ...process.env, DIST_DIR: dist, ADDIN_ORIGIN: ORIGIN, ADDIN_ID, ADDIN_NAME },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => {
      code = status;
      resolve();
    });
  });
}, 600_000);

afterAll(() => {
  if (dist) rmSync(dist, { recursive: true, force: true });
});

/** Every absolute URL in a text (XML attributes or JSON strings). */
function urlsIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^"'<>\s]+/g)].map((m) => m[0].replace(/&amp;/g, "&"));
}

/** URLs that are schema or namespace identifiers, not files the add-in serves. */
const isIdentifier = (url: string): boolean => /schemas\.microsoft\.com|www\.w3\.org|developer\.microsoft\.com\/json-schemas/.test(url);

describe("ADDIN_ORIGIN=https://addins.example.org npm run build", () => {
  it("succeeds", () => {
    expect({ code, errors: output.split("\n").filter((l) => l.includes("ERROR")) }).toEqual({ code: 0, errors: [] });
  });

  it.each(["manifest.xml", "manifest.json"])("%s names only files on the origin that the build wrote", (file) => {
    const urls = urlsIn(read(file)).filter((u) => !isIdentifier(u));
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) {
      expect(url.startsWith(`${ORIGIN}/`)).toBe(true);
      const path = new URL(url).pathname.replace(/^\//, "");
      expect({ url, exists: existsSync(join(dist, path)) }).toEqual({ url, exists: true });
    }
    expect(read(file)).not.toContain("localhost");
  });

  it("writes every file of CONTRACT.md §6", () => {
    const runtime = launchEventRuntime(read("manifest.xml"));
    for (const file of ["manifest.xml", "taskpane.html", "launchevent.html", "launchevent.js", "policy.json", "policy.schema.json", ".well-known/microsoft-officeaddins-allowed.json"]) {
      expect({ file, exists: existsSync(join(dist, file)) }).toEqual({ file, exists: true });
    }
    expect(runtime?.scriptUrl).toBe(`${ORIGIN}/launchevent.js`);
    expect(JSON.parse(read(".well-known/microsoft-officeaddins-allowed.json"))).toEqual({ allowed: [`${ORIGIN}/launchevent.js`] });
  });

  it("takes the organisation's own add-in id and name, and its version from package.json", () => {
    const xml = read("manifest.xml");
    expect(checkManifest(xml, { origin: ORIGIN, assetsDir: join(dist, "assets") })).toEqual([]);
    expect(xml).toContain(`<Id>${ADDIN_ID}</Id>`);
    expect(xml).toContain(`<Version>${VERSION}.0</Version>`);
    expect(xml).toContain(`DefaultValue="${ADDIN_NAME}"`);
    const json = JSON.parse(read("manifest.json")) as { id: string; version: string; name: { short: string } };
    expect(json).toMatchObject({ id: ADDIN_ID, version: VERSION, name: { short: ADDIN_NAME } });
  });

  it("writes a policy.json that is valid", () => {
    const policy = validatePolicy(JSON.parse(read("policy.json")));
    expect(policy.ok ? [] : policy.problems).toEqual([]);
  });

  it("writes a unified manifest that office-addin-manifest validates offline", () => {
    const run = spawnSync(process.execPath, [require.resolve("tsx/cli"), join(ROOT, "tools/manifest/unifiedValidate.ts"), join(dist, "manifest.json")], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
    });
    const results = JSON.parse(run.stdout) as { isValid: boolean; errors: string[]; networkAttempts: string[] }[];
    expect({ status: run.status, results }).toMatchObject({ status: 0, results: [{ isValid: true, errors: [], networkAttempts: [] }] });
  }, 120_000);
});
