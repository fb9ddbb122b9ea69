import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEV_ORIGIN,
  ManifestError,
  TASKPANE_COMMAND_ID,
  composeCommandIds,
  launchEventFunctionNames,
  launchEventRuntime,
  rewriteManifest,
} from "../../tools/manifest/manifestChecks";
import { UNIFIED_ICONS, renderUnifiedIcon } from "../../tools/manifest/makeIcons";
import { readPngHeader, readPngRgba } from "../../tools/manifest/png";
import {
  LAUNCH_EVENT_RUNTIME_ID,
  TASKPANE_RUNTIME_ID,
  UNIFIED_MANIFEST_VERSION,
  UNIFIED_SCHEMA_URL,
  UNIFIED_SHORT_DESCRIPTION,
  UnifiedManifestError,
  buildUnifiedManifest,
  missingUnifiedIcons,
  serializeUnifiedManifest,
  unifiedManifestFromXml,
  unifiedManifestUrls,
} from "../../tools/manifest/unifiedManifest";
import type { UnifiedManifest, UnifiedManifestOptions } from "../../tools/manifest/unifiedManifest";
import type { OfflineValidation } from "../../tools/manifest/unifiedValidate";

const ROOT = join(__dirname, "..", "..");
const MANIFEST = readFileSync(join(ROOT, "manifest.xml"), "utf8");
const PACKAGE_VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const PRODUCTION = "https://addins.example.org";
const VALIDATOR = join(ROOT, "tools", "manifest", "unifiedValidate.ts");
const LOCAL_SCHEMAS = join(ROOT, "node_modules", "@microsoft", "app-manifest", "build", "json-schemas", "teams");

const unified = buildUnifiedManifest({ origin: PRODUCTION, version: PACKAGE_VERSION });
const extension = unified.extensions[0];

/** Replaces `from` with `to` (every occurrence), failing loudly if `from` is not there. */
function mutate(xml: string, from: string, to: string): string {
  const out = xml.split(from).join(to);
  if (out === xml) throw new Error(`mutation did not apply: ${from}`);
  return out;
}

function copy(manifest: UnifiedManifest): UnifiedManifest {
  return JSON.parse(JSON.stringify(manifest)) as UnifiedManifest;
}

/**
 * Runs office-addin-manifest's validateManifest on each file in a child Node process (the package
 * needs ES modules that Jest cannot load), with fetch, http(s), net, tls and DNS blocked there.
 */
function validateOffline(files: string[]): OfflineValidation[] {
  const run = spawnSync(process.execPath, ["--import", "tsx", VALIDATOR, ...files], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`the validator exited with ${String(run.status)}: ${run.stderr}`);
  return JSON.parse(run.stdout) as OfflineValidation[];
}

describe("unified manifest: offline validation with office-addin-manifest", () => {
  const broken: Array<[string, (m: UnifiedManifest) => void, RegExp]> = [
    ["a short description over 80 characters", (m) => (m.description.short = "x".repeat(81)), /^\/description\/short must NOT have more than 80 characters/],
    [
      "an http script URL",
      (m) => {
        const runtime = m.extensions[0].runtimes[0];
        if (runtime) runtime.code.script = "http://addins.example.org/launchevent.js";
      },
      /^\/extensions\/0\/runtimes\/0\/code\/script must match pattern/,
    ],
    [
      "a button with one icon",
      (m) => {
        m.extensions[0].ribbons[0]?.tabs[0]?.groups[0]?.controls[0]?.icons.splice(1);
      },
      /controls\/0\/icons must NOT have fewer than 3 items/,
    ],
  ];
  let dir: string;
  let results: OfflineValidation[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ag-unified-"));
    const write = (name: string, manifest: UnifiedManifest): string => {
      const file = join(dir, name);
      writeFileSync(file, serializeUnifiedManifest(manifest));
      return file;
    };
    const files = [write("manifest.json", unified)];
    broken.forEach(([, change], i) => {
      const manifest = copy(unified);
      change(manifest);
      files.push(write(`broken-${i}.json`, manifest));
    });
    // Control: a $schema with no copy in node_modules makes the validator fetch it, and the block
    // must catch that. If this ever passed silently, the "no network" results would prove nothing.
    const remote = copy(unified);
    remote.$schema = "https://schemas.example.org/unified/manifest.schema.json";
    files.push(write("remote-schema.json", remote));
    results = validateOffline(files);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("passes validateManifest without touching the network", () => {
    expect(results[0]).toEqual({ file: join(dir, "manifest.json"), isValid: true, errors: [], networkAttempts: [] });
  });

  it.each(broken.map(([name, , error], i) => [name, i, error] as const))("reports %s as invalid, offline", (_name, i, error) => {
    const result = results[i + 1];
    expect(result?.isValid).toBe(false);
    expect(result?.networkAttempts).toEqual([]);
    expect(result?.failure).toBeUndefined();
    expect(result?.errors.some((e) => error.test(e))).toBe(true);
  });

  it("would notice a fetch: a schema with no local copy is refused, not downloaded", () => {
    const result = results[broken.length + 1];
    expect(result?.isValid).toBe(false);
    expect(result?.networkAttempts).toEqual(["fetch https://schemas.example.org/unified/manifest.schema.json"]);
    expect(result?.failure).toMatch(/network access blocked/);
  });

  it("uses a manifest version whose schema ships in node_modules and supports sendMode", () => {
    expect(unified.$schema).toBe(UNIFIED_SCHEMA_URL);
    expect(unified.manifestVersion).toBe(UNIFIED_MANIFEST_VERSION);
    const schemaFile = join(LOCAL_SCHEMAS, `v${UNIFIED_MANIFEST_VERSION}`, "MicrosoftTeams.schema.json");
    expect(existsSync(schemaFile)).toBe(true);
    const schema = readFileSync(schemaFile, "utf8");
    expect(schema).toContain(`"const": "${UNIFIED_MANIFEST_VERSION}"`);
    expect(schema).toMatch(/"sendMode"[\s\S]*"softBlock"/);
  });
});

describe("unified manifest: content", () => {
  const production = rewriteManifest(MANIFEST, { origin: PRODUCTION });

  it("puts every URL on the origin, and only the origin in validDomains", () => {
    const urls = unifiedManifestUrls(unified);
    expect(urls.length).toBeGreaterThanOrEqual(9);
    expect(urls.filter(({ url }) => !url.startsWith(`${PRODUCTION}/`))).toEqual([]);
    expect(serializeUnifiedManifest(unified)).not.toMatch(/localhost/i);
    expect(unified.validDomains).toEqual(["addins.example.org"]);
  });

  it("runs the XML's handlers, by their FunctionNames, in the XML's launch-event page and script", () => {
    const runtime = extension.runtimes.find((r) => r.id === LAUNCH_EVENT_RUNTIME_ID);
    const xmlRuntime = launchEventRuntime(production);
    expect(runtime).toMatchObject({ type: "general", lifetime: "short", code: { page: xmlRuntime?.pageUrl, script: xmlRuntime?.scriptUrl } });
    expect(runtime?.code).toEqual({ page: `${PRODUCTION}/launchevent.html`, script: `${PRODUCTION}/launchevent.js` });
    expect(runtime?.actions).toEqual(launchEventFunctionNames(MANIFEST).map((id) => ({ id, type: "executeFunction" })));
    expect(runtime?.requirements).toEqual({ capabilities: [{ name: "Mailbox", minVersion: "1.14" }] });
  });

  it("checks Send with softBlock and prefetches on recipient changes", () => {
    expect(extension.autoRunEvents).toEqual([
      {
        requirements: { scopes: ["mail"], capabilities: [{ name: "Mailbox", minVersion: "1.14" }] },
        events: [
          { type: "messageSending", actionId: "onMessageSendHandler", options: { sendMode: "softBlock" } },
          { type: "messageRecipientsChanged", actionId: "onMessageRecipientsChangedHandler" },
        ],
      },
    ]);
    const actionIds = extension.runtimes.flatMap((r) => r.actions.filter((a) => a.type === "executeFunction").map((a) => a.id));
    for (const ev of extension.autoRunEvents?.[0]?.events ?? []) expect(actionIds).toContain(ev.actionId);
  });

  it("opens the task pane from the compose button whose id is the Smart Alert commandId", () => {
    expect(extension.ribbons).toHaveLength(1);
    const ribbon = extension.ribbons[0];
    expect(ribbon?.contexts).toEqual(["mailCompose"]);
    expect(ribbon?.tabs[0]?.builtInTabId).toBe("TabDefault");
    const control = ribbon?.tabs[0]?.groups[0]?.controls[0];
    expect(composeCommandIds(MANIFEST)).toEqual([TASKPANE_COMMAND_ID]);
    expect(control).toMatchObject({ id: TASKPANE_COMMAND_ID, type: "button", label: "Check audience", actionId: TASKPANE_COMMAND_ID });
    expect(control?.supertip.title).toBe("Who will this message reach?");
    expect(control?.icons.map((i) => i.size)).toEqual([16, 32, 64, 80]);
    const pane = extension.runtimes.find((r) => r.id === TASKPANE_RUNTIME_ID);
    expect(pane).toEqual({
      id: TASKPANE_RUNTIME_ID,
      type: "general",
      code: { page: `${PRODUCTION}/taskpane.html` },
      lifetime: "short",
      actions: [{ id: TASKPANE_COMMAND_ID, type: "openPage" }],
    });
  });

  it("restates the XML's identity, permission and requirements", () => {
    expect(unified).toMatchObject({
      id: "8b08e8f2-5471-4a62-a0ce-cf8de48c501a",
      version: PACKAGE_VERSION,
      name: { short: "Audience Guard" },
      description: { short: UNIFIED_SHORT_DESCRIPTION, full: expect.stringMatching(/^Before you send, shows how many people/) as unknown },
      developer: { name: "Audience Guard", websiteUrl: `${PRODUCTION}/support.html` },
      localizationInfo: { defaultLanguageTag: "en-us" },
      authorization: { permissions: { resourceSpecific: [{ name: "MailboxItem.ReadWrite.User", type: "Delegated" }] } },
    });
    expect(extension.requirements).toEqual({ scopes: ["mail"], capabilities: [{ name: "Mailbox", minVersion: "1.14" }] });
    expect(unified).not.toHaveProperty("webApplicationInfo");
  });

  it("names icons that exist beside manifest.json once assets/ is copied", () => {
    expect(unified.icons).toEqual({ color: "assets/color-192.png", outline: "assets/outline-32.png" });
    expect(missingUnifiedIcons(unified, ROOT)).toEqual([]);
    expect(missingUnifiedIcons(unified, tmpdir())).toEqual(["assets/color-192.png", "assets/outline-32.png"]);
  });

  it("applies the id, display name and version as rewriteManifest does", () => {
    const id = "0b7c1f57-86c8-4d8f-9a55-3c1f0f2b9e11";
    const renamed = unifiedManifestFromXml(MANIFEST, { origin: `${PRODUCTION}/`, id, displayName: "Contoso Audience Guard", version: "2.10.3" });
    expect(renamed).toMatchObject({ id, name: { short: "Contoso Audience Guard" }, version: "2.10.3" });
    // Like the XML rewrite, the ribbon group keeps its own label.
    expect(renamed.extensions[0].ribbons[0]?.tabs[0]?.groups[0]?.label).toBe("Audience Guard");
    expect(unifiedManifestFromXml(MANIFEST, { origin: PRODUCTION, version: "2.10.3.0" }).version).toBe("2.10.3");
  });

  it("builds for the development server too", () => {
    const dev = unifiedManifestFromXml(MANIFEST, { origin: DEV_ORIGIN });
    expect(dev.version).toBe("0.1.0");
    expect(dev.validDomains).toEqual(["localhost:3000"]);
    expect(unifiedManifestUrls(dev).every(({ url }) => url.startsWith(`${DEV_ORIGIN}/`))).toBe(true);
  });

  it("takes a description override", () => {
    const m = unifiedManifestFromXml(MANIFEST, { origin: PRODUCTION, description: { short: "Counts who a message reaches." } });
    expect(m.description).toEqual({ short: "Counts who a message reaches.", full: unified.description.full });
  });

  it("serialises as two-space JSON with a final newline", () => {
    const text = serializeUnifiedManifest(unified);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual(unified);
  });

  it.each<[string, string, UnifiedManifestOptions, string]>([
    ["a display name over 30 characters", MANIFEST, { origin: PRODUCTION, displayName: "Audience Guard for Contoso Healthcare" }, "string_too_long"],
    ["a four-part version", MANIFEST, { origin: PRODUCTION, version: "1.2.3.4" }, "version_invalid"],
    ["an event with no unified name", mutate(MANIFEST, 'Type="OnMessageRecipientsChanged"', 'Type="OnMessageReadWithCustomHeader"'), { origin: PRODUCTION }, "unsupported"],
    ["a URL off the origin", mutate(MANIFEST, "https://localhost:3000/support.html", "https://help.example.com/support.html"), { origin: PRODUCTION }, "xml_invalid"],
    ["a manifest.xml that fails its checks", mutate(MANIFEST, 'FunctionName="onMessageSendHandler"', 'FunctionName="on-send"'), { origin: PRODUCTION }, "xml_invalid"],
  ])("refuses %s", (_name, xml, options, code) => {
    expect(() => unifiedManifestFromXml(xml, options)).toThrow(UnifiedManifestError);
    expect(() => unifiedManifestFromXml(xml, options)).toThrow(expect.objectContaining({ code }) as Error);
  });

  it("passes an invalid origin on from rewriteManifest", () => {
    expect(() => buildUnifiedManifest({ origin: "http://addins.example.org" })).toThrow(ManifestError);
    expect(() => buildUnifiedManifest({ origin: "http://addins.example.org" })).toThrow(expect.objectContaining({ code: "origin_invalid" }) as Error);
  });
});

describe("unified manifest icons", () => {
  const rendered = new Map<string, Uint8Array>();
  const render = (kind: (typeof UNIFIED_ICONS)[number]["kind"]): Uint8Array => {
    const cached = rendered.get(kind) ?? renderUnifiedIcon(kind);
    rendered.set(kind, cached);
    return cached;
  };

  it.each(UNIFIED_ICONS.map((icon) => [icon.file, icon] as const))("assets/%s is what makeIcons draws", (_file, { kind, file, size }) => {
    const bytes = readFileSync(join(ROOT, "assets", file));
    expect(readPngHeader(bytes)).toEqual({ width: size, height: size, bitDepth: 8, colourType: 6 });
    expect(readPngRgba(bytes)?.rgba).toEqual(render(kind));
  });

  it("the colour icon is 192 px, opaque, brand teal with a white shield", () => {
    const rgba = render("color");
    const pixel = (x: number, y: number): number[] => Array.from(rgba.subarray((y * 192 + x) * 4, (y * 192 + x) * 4 + 4));
    expect(rgba.filter((_, i) => i % 4 === 3 && rgba[i] !== 255)).toHaveLength(0);
    expect(pixel(0, 0)).toEqual([0x0f, 0x6c, 0x7a, 255]);
    // Inside the shield, left of the people: white.
    expect(pixel(Math.round(192 * 0.3), Math.round(192 * 0.45))).toEqual([255, 255, 255, 255]);
  });

  it("the outline icon is 32 px, white on transparency only, anti-aliased", () => {
    const rgba = render("outline");
    const alphas = new Set<number>();
    const notWhite: number[] = [];
    for (let i = 0; i < rgba.length; i += 4) {
      const alpha = rgba[i + 3] ?? 0;
      alphas.add(alpha);
      if (alpha > 0 && (rgba[i] !== 255 || rgba[i + 1] !== 255 || rgba[i + 2] !== 255)) notWhite.push(i / 4);
    }
    expect(notWhite).toEqual([]);
    expect(rgba[3]).toBe(0);
    expect(rgba[rgba.length - 1]).toBe(0);
    expect(alphas.has(255)).toBe(true);
    expect([...alphas].some((a) => a > 0 && a < 255)).toBe(true);
    // The middle of the shield between border and people is see-through: an outline, not a fill.
    expect(rgba[(Math.round(32 * 0.5) * 32 + Math.round(32 * 0.22)) * 4 + 3]).toBe(0);
  });
});
