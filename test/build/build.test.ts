import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { runInContext, createContext } from "node:vm";
import { parse } from "acorn";
import { formatPolicyFallbackNotice } from "../../src/core/messages";
import { validatePolicy, DEFAULT_POLICY } from "../../src/core/policy";
import type { SmartAlertCompletion } from "../../src/launchevent/completeOnce";
import {
  CONFUSABLES_PATH,
  PSL_BUCKETS,
  bucketOf,
  decodeConfusables,
  decodeDomainData,
  decodePslBucket,
  enumerateForest,
  enumerateTrie,
  pslBucketPath,
  readTrieModule,
} from "../../src/office/domainData/domainDataFile";
import type * as OfficeHandlersModule from "../../src/launchevent/officeHandlers";
import { launchTexts } from "../../src/launchevent/launchTexts";
import { checkManifest, launchEventFunctionNames, launchEventRuntime } from "../../tools/manifest/manifestChecks";
import { TRIE_FORMAT, packageConfusables, packageTrieModule } from "../office/domainDataFixture";
import { createFakeOffice, details, type FakeOfficeOptions } from "../office/fakeOffice";

/**
 * The production build of the launch-event compilation (the one that writes the script, its page,
 * the manifest, the well-known file and the policy), run once into a temporary folder for a
 * production origin, then checked the way Outlook and IT will meet it. The task pane compilation is
 * left out to keep this suite fast; `npm run build` builds both.
 */

const ROOT = join(__dirname, "..", "..");
const ORIGIN = "https://addins.example.org";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- webpack.config.js is CommonJS and holds the one copy of the budget.
const { DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES, LAUNCH_EVENT_ECMA_VERSION } = require("../../webpack.config.js") as { DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES: number; LAUNCH_EVENT_ECMA_VERSION: 2020 };

let dist = "";
let build: { code: number | null; output: string } = { code: null, output: "" };

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

const read = (file: string): string => readFileSync(join(dist, file), "utf8");

/** Every domain-data file the build wrote, by its path below the origin. */
function dataFiles(): Record<string, string> {
  const files: Record<string, string> = { "domain-data.json": read("domain-data.json") };
  for (const name of readdirSync(join(dist, "domain-data"))) files[`domain-data/${name}`] = read(`domain-data/${name}`);
  return files;
}

/** The URLs of the confusables and of the buckets of `tlds`, sorted, as the script asks for them. */
function dataUrls(tlds: string[]): string[] {
  return [CONFUSABLES_PATH, ...new Set(tlds.map((tld) => pslBucketPath(bucketOf(tld))))].map((path) => `${ORIGIN}/${path}`).sort();
}

type Handler = (event: unknown) => void;

/**
 * A `fetch` that serves `files` by name, whatever the origin (the bundle asks the build's origin, the
 * in-process handlers the development origin), 404 for anything else; it records every URL.
 */
function fileServer(files: Record<string, string>): { fetch: (url: string) => Promise<unknown>; fetched: string[] } {
  const fetched: string[] = [];
  const fetch = (url: string): Promise<unknown> => {
    fetched.push(url);
    const body = files[url.replace(/^https?:\/\/[^/]+\//, "")];
    return Promise.resolve(body === undefined ? { ok: false, status: 404, text: () => Promise.resolve("") } : { ok: true, status: 200, text: () => Promise.resolve(body) });
  };
  return { fetch, fetched };
}

/** dist/launchevent.js in a bare JavaScript context, as classic Outlook runs it: its handlers and its log. */
function loadScript(office: FakeOfficeOptions, fetch: (url: string) => Promise<unknown>): { handlers: Map<string, Handler>; logs: string[] } {
  const fake = createFakeOffice(office);
  const handlers = new Map<string, Handler>();
  const logs: string[] = [];
  const context = createContext({
    Office: { ...fake.office, actions: { associate: (name: string, fn: Handler) => handlers.set(name, fn) } },
    fetch,
    setTimeout,
    clearTimeout,
    AbortController,
    DOMException,
    console: { warn: (line: string) => logs.push(line), error: (line: string) => logs.push(line) },
  });
  runInContext(read("launchevent.js"), context);
  return { handlers, logs };
}

/** Fires `handler` and resolves with every completion so far, once the first one has come and the event loop has turned a few times. */
async function fire(handler: Handler | undefined): Promise<(SmartAlertCompletion | undefined)[]> {
  const completions: (SmartAlertCompletion | undefined)[] = [];
  await new Promise<void>((resolve) => {
    handler?.({
      completed: (options?: SmartAlertCompletion) => {
        completions.push(options);
        resolve();
      },
    });
  });
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
  return completions;
}

/** The same Send answered in this process by the source (src/launchevent/officeHandlers.ts) over the packages' own data. */
async function sendInProcess(office: FakeOfficeOptions, files: Record<string, string>): Promise<SmartAlertCompletion | undefined> {
  let module: typeof OfficeHandlersModule | undefined;
  // A registry of its own: the policy cache and the loaded domain data are per runtime.
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    module = require("../../src/launchevent/officeHandlers") as typeof OfficeHandlersModule;
  });
  const saved = globalThis.fetch;
  globalThis.fetch = fileServer(files).fetch as typeof fetch;
  try {
    const handlers = module?.createOfficeHandlers(createFakeOffice(office).office);
    const completions = await fire((event) => void handlers?.onMessageSendHandler(event as never));
    expect(completions).toHaveLength(1);
    return completions[0];
  } finally {
    globalThis.fetch = saved;
  }
}

/** A Send to `to` (plain people) under `policy`, from megan@contoso.com, on a Mailbox 1.14 client in en-GB. */
function newMailTo(to: string[]): FakeOfficeOptions {
  return { to: to.map((address) => details(address)), from: "megan@contoso.com", composeType: "newMail" };
}

/** The completion with its contextData (the verdict) parsed, for readable comparisons. */
function readable(completion: SmartAlertCompletion | undefined): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(completion ?? null)) as Record<string, unknown> | null;
  const contextData = plain?.["contextData"];
  return plain ? { ...plain, contextData: typeof contextData === "string" ? (JSON.parse(contextData) as unknown) : contextData } : {};
}

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), "audience-guard-dist-"));
  const { LAUNCHEVENT_MAX_GZIP_BYTES: _ignored, ...env } = process.env;
  build = await run(process.platform === "win32" ? "npx.cmd" : "npx", ["webpack", "--mode", "production", "--config-name", "launchevent"], {
    ...env,
    DIST_DIR: dist,
    ADDIN_ORIGIN: ORIGIN,
  });
}, 300_000);

afterAll(() => {
  if (dist) rmSync(dist, { recursive: true, force: true });
});

describe("the production build", () => {
  it("compiles without errors other than the size budget (asserted on its own below)", () => {
    const errors = build.output.split("\n").filter((line) => line.includes("ERROR"));
    expect(errors.filter((line) => !line.includes("over its budget"))).toEqual([]);
    expect(build.output).toMatch(/launchevent\.js: [\d.]+ KB minified, [\d.]+ KB gzipped/);
  });

  it("writes the launch-event code as one script, with no chunks", () => {
    expect(readdirSync(dist).filter((file) => file.endsWith(".js"))).toEqual(["launchevent.js"]);
  });

  it("writes every file the launch event and IT need", () => {
    const files = readdirSync(dist);
    for (const file of ["launchevent.js", "launchevent.html", "domain-data.json", "manifest.xml", "policy.json", "policy.schema.json"]) expect(files).toContain(file);
  });

  it("registers every manifest FunctionName with Office.actions.associate at top level", () => {
    const associated: string[] = [];
    const context = createContext({ Office: { actions: { associate: (name: string) => associated.push(name) } }, console });
    runInContext(read("launchevent.js"), context);
    expect(associated.sort()).toEqual(launchEventFunctionNames(read("manifest.xml")).sort());
  });

  it("answers Send end to end in a bare JavaScript context, fetching the confusables, the .com bucket and policy.json from the build's origin", async () => {
    const server = fileServer({ ...dataFiles(), "policy.json": "{}" });
    const { handlers } = loadScript({ to: [details("all@contoso.com", "All staff", "distributionList")], from: "megan@contoso.com", composeType: "newMail" }, server.fetch);
    const completions = await fire(handlers.get("onMessageSendHandler"));
    expect(server.fetched.sort()).toEqual([...dataUrls(["com"]), `${ORIGIN}/policy.json`].sort());
    expect(completions).toHaveLength(1);
    // No directory without a client id: the list's size is unknown, which warns by default.
    expect(completions[0]).toMatchObject({ allowEvent: false, sendModeOverride: "promptUser", commandId: "OpenAudienceGuard" });
    expect(completions[0]?.errorMessage).toContain("All staff");
  });

  describe("the domain-data files", () => {
    const PROTECTING = { internalDomains: ["contoso.com", "nhs.net", "*.nhs.uk", "mail.contoso.co.uk"], trustedDomains: ["foo.github.io"] };
    const policyFile = (policy: Record<string, unknown>): string => JSON.stringify({ version: 1, ...policy });

    it("are written beside the script from the installed packages, each bucket in its file, together exactly tldts's rules", () => {
      const expected = enumerateTrie(readTrieModule(packageTrieModule()));
      const data = decodeDomainData(JSON.parse(read("domain-data.json")), { trieFormat: TRIE_FORMAT });
      expect(enumerateForest(data.forest)).toEqual(expected);
      expect(data.confusables.confusables).toEqual(packageConfusables());
      expect(data.confusables.confusablesUnicode).toBe("15.0");
      expect(data.version).toMatch(/^[0-9a-f]{16}$/);
      const rules = new Map();
      const exceptions = new Map();
      for (let bucket = 0; bucket < PSL_BUCKETS; bucket += 1) {
        const file = decodePslBucket(JSON.parse(read(pslBucketPath(bucket))), { trieFormat: TRIE_FORMAT, bucket });
        for (const [tld, node] of file.forest.rules) rules.set(tld, node);
        for (const [tld, node] of file.forest.exceptions) exceptions.set(tld, node);
      }
      expect(enumerateForest({ rules, exceptions })).toEqual(expected);
      expect(decodeConfusables(JSON.parse(read(CONFUSABLES_PATH))).confusables).toEqual(packageConfusables());
      expect(readdirSync(join(dist, "domain-data"))).toHaveLength(PSL_BUCKETS + 1);
      // What a Send to .com fetches: the .com bucket and the look-alike table, ≈ 13 KB; the whole file ≈ 47 KB.
      const gzipped = (file: string): number => gzipSync(read(file), { level: 9 }).length;
      expect(gzipped(pslBucketPath(bucketOf("com"))) + gzipped(CONFUSABLES_PATH)).toBeLessThanOrEqual(16 * 1024);
      expect(gzipped("domain-data.json")).toBeLessThanOrEqual(50 * 1024);
      expect(build.output).toMatch(new RegExp(`domain-data\\.json: [\\d.]+ KB, [\\d.]+ KB gzipped, version ${data.version}`));
    });

    it("leaves the packages' data out of the script", () => {
      const labelText = String(packageTrieModule()["labelText"]);
      expect(read("launchevent.js")).not.toContain(labelText.slice(0, 200));
      const ukRules = String((JSON.parse(read(pslBucketPath(bucketOf("uk")))) as { rules: string }).rules);
      expect(read("launchevent.js")).not.toContain(ukRules.slice(0, 200));
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ["look-alikes: a confusable letter, typing mistakes under co.uk and under a private suffix, an embedded name", PROTECTING, ["x@nhѕ.net", "y@c0ntoso.com", "z@c0ntoso.co.uk", "w@f00.github.io", "v@nhs.uk.evil.com"]],
      ["registrable domains under a restricted suffix, an ICANN suffix and a private one", PROTECTING, ["a@a.b.nhs.uk", "b@x.co.uk", "c@bar.github.io", "d@mail.contoso.co.uk"]],
      ["a policy whose wildcard covers a private public suffix (refused)", { trustedDomains: ["*.github.io"] }, ["a@foo.github.io"]],
      ["a policy whose wildcard covers an ICANN public suffix (refused)", { internalDomains: ["*.co.uk"] }, ["a@x.co.uk"]],
    ])("classifies as the packages do: %s", async (_what, policy, to) => {
      const files = { ...dataFiles(), "policy.json": policyFile(policy) };
      const { handlers } = loadScript(newMailTo(to), fileServer(files).fetch);
      const completions = await fire(handlers.get("onMessageSendHandler"));
      expect(completions).toHaveLength(1);
      expect(readable(completions[0])).toEqual(readable(await sendInProcess(newMailTo(to), files)));
      // The first case also loads the whole in-process pipeline: seconds on a busy machine.
    }, 30_000);

    it("finds what the Public Suffix List and the confusables say, so that the comparison above means something", async () => {
      const files = { ...dataFiles(), "policy.json": policyFile(PROTECTING) };
      const verdict = readable(await sendInProcess(newMailTo(["x@nhѕ.net", "z@c0ntoso.co.uk", "w@f00.github.io", "v@nhs.uk.evil.com", "u@bar.github.io"]), files))["contextData"] as {
        reasons: { code: string; message: string; domains?: string[] }[];
      };
      const lookalikes = verdict.reasons.find((r) => r.code === "lookalike-domain");
      // bar.github.io is someone else's name under the private suffix github.io, not a look-alike of foo.github.io.
      expect(lookalikes?.domains?.sort()).toEqual(["c0ntoso.co.uk", "f00.github.io", "nhs.uk.evil.com", "xn--nh-foc.net"]);
      for (const imitated of ["contoso.co.uk", "foo.github.io", "nhs.net"]) expect(lookalikes?.message).toContain(imitated);
      const refused = await sendInProcess(newMailTo(["a@x.co.uk"]), { ...files, "policy.json": policyFile({ internalDomains: ["*.co.uk"] }) });
      expect(refused?.errorMessage).toContain(formatPolicyFallbackNotice("en-GB"));
    });

    it("answers Send once, by the organisation's directoryFailure, when the data cannot be fetched", async () => {
      const server = fileServer({ "policy.json": policyFile({ directoryFailure: "block" }) });
      const { handlers, logs } = loadScript(newMailTo(["a@x.co.uk"]), server.fetch);
      const completions = await fire(handlers.get("onMessageSendHandler"));
      const texts = launchTexts("en-GB");
      // The policy file is fetched beside the data; it cannot be validated without it, but its
      // directoryFailure still decides.
      expect(completions).toEqual([{ allowEvent: false, errorMessage: `${texts.checkFailed} ${texts.checkFailedBlock}` }]);
      expect(server.fetched.sort()).toEqual([...dataUrls(["com", "uk"]), `${ORIGIN}/policy.json`].sort());
      expect(logs).toContain("[Audience Guard] domain_data_fetch_failed");
    });

    it("are fetched on the first recipients change, for the message's and the policy's TLDs, and kept: Send then fetches nothing", async () => {
      const server = fileServer({ ...dataFiles(), "policy.json": policyFile(PROTECTING) });
      const { handlers } = loadScript(newMailTo(["adele@contoso.com"]), server.fetch);
      expect(await fire(handlers.get("onMessageRecipientsChangedHandler"))).toEqual([undefined]);
      const fetched = [...server.fetched].sort();
      expect(fetched).toEqual([...dataUrls(["com", "net", "uk", "io"]), `${ORIGIN}/policy.json`].sort());
      expect(await fire(handlers.get("onMessageSendHandler"))).toEqual([{ allowEvent: true }]);
      expect(server.fetched.sort()).toEqual(fetched);
    });
  });

  it(`parses as ES${LAUNCH_EVENT_ECMA_VERSION}, the syntax of every engine the Mailbox 1.14 floor admits`, () => {
    expect(LAUNCH_EVENT_ECMA_VERSION).toBe(2020);
    expect(() => parse(read("launchevent.js"), { ecmaVersion: LAUNCH_EVENT_ECMA_VERSION, sourceType: "script" })).not.toThrow();
  });

  it(`stays within ${DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES / 1024} KB gzipped`, () => {
    expect(gzipSync(readFileSync(join(dist, "launchevent.js")), { level: 9 }).length).toBeLessThanOrEqual(DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES);
  });

  it("loads Office.js from Microsoft's CDN, then the script, in launchevent.html", () => {
    const html = read("launchevent.html");
    const office = html.indexOf("https://appsforoffice.microsoft.com/lib/1/hosted/office.js");
    const script = html.search(/src="?launchevent\.js/);
    expect(office).toBeGreaterThan(-1);
    expect(script).toBeGreaterThan(office);
  });

  it("names the script in the well-known file classic Outlook checks", () => {
    expect(JSON.parse(read(".well-known/microsoft-officeaddins-allowed.json"))).toEqual({ allowed: [`${ORIGIN}/launchevent.js`] });
  });

  it("writes a manifest on the production origin that passes the offline checks, icons included", () => {
    const manifest = read("manifest.xml");
    expect(checkManifest(manifest, { origin: ORIGIN, assetsDir: join(dist, "assets") })).toEqual([]);
    expect(launchEventRuntime(manifest)).toMatchObject({ pageUrl: `${ORIGIN}/launchevent.html`, scriptUrl: `${ORIGIN}/launchevent.js` });
    expect(manifest).not.toContain("localhost");
  });

  it("writes the default policy for IT to edit, which validates, with its schema beside it", () => {
    const policy = JSON.parse(read("policy.json")) as Record<string, unknown>;
    expect(policy["$schema"]).toBe("./policy.schema.json");
    const validation = validatePolicy(policy);
    expect(validation.ok && validation.policy).toEqual(DEFAULT_POLICY);
    expect(JSON.parse(read("policy.schema.json"))).toMatchObject({ $id: `${ORIGIN}/policy.schema.json`, type: "object" });
  });
});
