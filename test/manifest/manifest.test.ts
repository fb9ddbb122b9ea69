import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEV_ORIGIN,
  ManifestError,
  TASKPANE_COMMAND_ID,
  checkManifest,
  checkManifestFully,
  composeCommandIds,
  launchEventFunctionNames,
  launchEventRuntime,
  manifestVersion,
  rewriteManifest,
} from "../../tools/manifest/manifestChecks";
import type { ManifestCheckOptions, ManifestProblemCode } from "../../tools/manifest/manifestChecks";
import { parseArgs } from "../../tools/manifest/checkManifestFile";
import { validateManifestSchema } from "../../tools/manifest/schemaValidate";
import { ICON_SIZES, iconFileName, renderIcon } from "../../tools/manifest/makeIcons";
import { encodePng, readPngHeader, readPngRgba } from "../../tools/manifest/png";

const ROOT = join(__dirname, "..", "..");
const ASSETS = join(ROOT, "assets");
const MANIFEST = readFileSync(join(ROOT, "manifest.xml"), "utf8");
const PACKAGE_VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const PRODUCTION = "https://addins.example.org";

/** Replaces `from` with `to` (every occurrence), failing loudly if `from` is not there. */
function mutate(xml: string, from: string | RegExp, to: string): string {
  const out = typeof from === "string" ? xml.split(from).join(to) : xml.replace(from, to);
  if (out === xml) throw new Error(`mutation did not apply: ${String(from)}`);
  return out;
}

function codes(xml: string, options?: ManifestCheckOptions): ManifestProblemCode[] {
  return checkManifest(xml, options).map((p) => p.code);
}

/** Moves the first element matching `block` to just before the first match of `before`. */
function moveBefore(xml: string, block: RegExp, before: string): string {
  const found = block.exec(xml);
  if (!found) throw new Error(`block not found: ${String(block)}`);
  const without = xml.replace(found[0], "");
  const at = without.indexOf(before);
  if (at < 0) throw new Error(`anchor not found: ${before}`);
  return without.slice(0, at) + found[0] + without.slice(at);
}

describe("manifest.xml", () => {
  it("passes every offline check, icons included", () => {
    expect(checkManifest(MANIFEST, { assetsDir: ASSETS })).toEqual([]);
  });

  it("is on the development origin only", () => {
    expect(checkManifest(MANIFEST, { origin: DEV_ORIGIN })).toEqual([]);
  });

  it("asks for Mailbox 1.14 and the read/write item permission", () => {
    expect(MANIFEST).toContain('<Set Name="Mailbox" MinVersion="1.14"/>');
    expect(MANIFEST).toContain('<bt:Sets DefaultMinVersion="1.14">');
    expect(MANIFEST).toContain("<Permissions>ReadWriteItem</Permissions>");
    expect(MANIFEST).toContain("<Version>0.1.0.0</Version>");
  });

  it("wires the Send check and the recipients prefetch to named handlers", () => {
    expect(launchEventFunctionNames(MANIFEST)).toEqual(["onMessageSendHandler", "onMessageRecipientsChangedHandler"]);
    expect(MANIFEST).toMatch(/<LaunchEvent Type="OnMessageSend" FunctionName="onMessageSendHandler" SendMode="SoftBlock"\/>/);
  });

  it("runs the handlers from one page for browsers and one script for classic Windows", () => {
    expect(launchEventRuntime(MANIFEST)).toEqual({
      resid: "LaunchEvent.Url",
      pageUrl: `${DEV_ORIGIN}/launchevent.html`,
      scriptUrl: `${DEV_ORIGIN}/launchevent.js`,
    });
  });

  it("has the compose button whose id the Smart Alert passes as commandId", () => {
    expect(composeCommandIds(MANIFEST)).toEqual([TASKPANE_COMMAND_ID]);
    expect(TASKPANE_COMMAND_ID).toBe("OpenAudienceGuard");
  });

  it.each(["en-GB", "de-DE", "fr-FR", "es-ES"])("localises the name, description and button for %s", (locale) => {
    const overrides = MANIFEST.match(new RegExp(`Override Locale="${locale}"`, "g")) ?? [];
    // DisplayName, Description, button label, title and tooltip.
    expect(overrides).toHaveLength(5);
  });
});

describe("validateManifestSchema", () => {
  const runtimeResid = "LaunchEvent.Url";

  it("finds manifest.xml valid against the schemas", async () => {
    expect(await validateManifestSchema(MANIFEST)).toEqual([]);
  });

  it.each<[string, (xml: string) => string, "schema_invalid"]>([
    ["OfficeApp children swapped (Version after ProviderName)", (x) => moveBefore(x, /<Version>[^<]*<\/Version>\n/, "  <DefaultLocale>"), "schema_invalid"],
    ["Permissions after Rule", (x) => moveBefore(x, /<Permissions>[^<]*<\/Permissions>\n/, "  <VersionOverrides"), "schema_invalid"],
    ["an element OfficeApp does not allow", (x) => mutate(x, "<ProviderName>", "<Publisher>x</Publisher>\n  <ProviderName>"), "schema_invalid"],
    ["a required OfficeApp child missing", (x) => mutate(x, /<Rule [^>]*\/>/, ""), "schema_invalid"],
    ["VersionOverrides children swapped (Resources before Hosts)", (x) => moveBefore(x, /<Resources>[\s\S]*<\/Resources>\n/, "      <Hosts>"), "schema_invalid"],
    ["Runtimes after DesktopFormFactor", (x) => moveBefore(x, /<Runtimes>[\s\S]*<\/Runtimes>\n/, "        </Host>"), "schema_invalid"],
    ["Resources children swapped (Urls before Images)", (x) => moveBefore(x, /<bt:Urls>[\s\S]*<\/bt:Urls>\n/, "        <bt:Images>"), "schema_invalid"],
    ["LaunchEvent SourceLocation before LaunchEvents", (x) => moveBefore(x, new RegExp(`<SourceLocation resid="${runtimeResid}"/>\n`), "              <LaunchEvents>"), "schema_invalid"],
    ["an unknown SendMode", (x) => mutate(x, 'SendMode="SoftBlock"', 'SendMode="Hard"'), "schema_invalid"],
    ["a Supertip with Description before Title", (x) => moveBefore(x, /<Description resid="OpenButton.Tooltip"\/>\n/, "                      <Title"), "schema_invalid"],
    ["a resource id longer than 32 characters", (x) => mutate(x, "Taskpane.Url", "AudienceGuard.TaskpanePage.Url.xy"), "schema_invalid"],
    ["a tooltip longer than 250 characters", (x) => mutate(x, /(<bt:String id="OpenButton.Tooltip" DefaultValue=")[^"]*/, `$1${"t".repeat(251)}`), "schema_invalid"],
  ])("reports %s with its line", async (_name, fault, code) => {
    const problems = await validateManifestSchema(fault(MANIFEST));
    expect(problems.map((p) => p.code)).toContain(code);
    expect(problems[0]?.line).toEqual(expect.any(Number));
  });

  it("is part of checkManifestFully, beside the semantic checks", async () => {
    const faulty = mutate(moveBefore(MANIFEST, /<Permissions>[^<]*<\/Permissions>\n/, "  <VersionOverrides"), '<Label resid="GroupLabel"/>', '<Label resid="NoSuchString"/>');
    const codes = (await checkManifestFully(faulty)).map((p) => p.code);
    expect(codes).toEqual(expect.arrayContaining(["schema_invalid", "resid_unresolved"]));
    expect(await checkManifestFully(MANIFEST)).toEqual([]);
    expect(runtimeResid).toBe(launchEventRuntime(MANIFEST)?.resid);
  });
});

describe("checkManifest", () => {
  const runtimeResid = "LaunchEvent.Url";

  it.each<[string, (xml: string) => string, ManifestProblemCode]>([
    ["XML that is not well-formed", (x) => mutate(x, "</Hosts>\n  <!-- Mailbox 1.14", "\n  <!-- Mailbox 1.14"), "xml_malformed"],
    ["a base requirement below Mailbox 1.14", (x) => mutate(x, '<Set Name="Mailbox" MinVersion="1.14"/>', '<Set Name="Mailbox" MinVersion="1.12"/>'), "requirement_too_low"],
    ["launch events below Mailbox 1.14", (x) => mutate(x, '<bt:Sets DefaultMinVersion="1.14">', '<bt:Sets DefaultMinVersion="1.13">'), "requirement_too_low"],
    ["an unclosed attribute", (x) => mutate(x, '<Id>', '<Id foo="bar>'), "xml_malformed"],
    ["a root that is not OfficeApp", (x) => mutate(x, /<OfficeApp\b/, "<TaskPane").replace("</OfficeApp>", "</TaskPane>"), "root_invalid"],
    ["a resid that names no resource", (x) => mutate(x, '<Label resid="GroupLabel"/>', '<Label resid="NoSuchString"/>'), "resid_unresolved"],
    ["a resid of the wrong kind", (x) => mutate(x, '<Label resid="GroupLabel"/>', '<Label resid="Taskpane.Url"/>'), "resid_wrong_kind"],
    ["a duplicate resource id", (x) => mutate(x, 'id="Icon.128x128"', 'id="Icon.64x64"'), "resource_id_duplicate"],
    ["a resource id longer than 32 characters", (x) => mutate(x, "Taskpane.Url", "AudienceGuard.TaskpanePage.Url.xy"), "resource_id_too_long"],
    ["a Runtime resid longer than 32 characters", (x) => mutate(x, `"${runtimeResid}"`, '"AudienceGuard.LaunchEventPage.Url"'), "resource_id_too_long"],
    ["an http URL", (x) => mutate(x, `${DEV_ORIGIN}/taskpane.html"/>\n          <bt:Url`, 'http://localhost:3000/taskpane.html"/>\n          <bt:Url'), "url_not_https"],
    ["a URL longer than 2,048 characters", (x) => mutate(x, `${DEV_ORIGIN}/taskpane.html"/>\n          <bt:Url`, `${DEV_ORIGIN}/taskpane.html?${"q".repeat(2048)}"/>\n          <bt:Url`), "url_too_long"],
    ["a LaunchEvent SourceLocation that is not the Runtime", (x) => mutate(x, `<SourceLocation resid="${runtimeResid}"/>`, '<SourceLocation resid="Taskpane.Url"/>'), "launch_event_source_mismatch"],
    ["no JavaScript override for classic Outlook", (x) => mutate(x, /<Override type="javascript" resid="[^"]*"\/>/, ""), "runtime_invalid"],
    ["a second Runtime", (x) => mutate(x, "</Runtimes>", '  <Runtime resid="Taskpane.Url"/>\n          </Runtimes>'), "runtime_invalid"],
    ["a FunctionName that is not an identifier", (x) => mutate(x, 'FunctionName="onMessageSendHandler"', 'FunctionName="on-send"'), "launch_event_invalid"],
    ["an unknown SendMode", (x) => mutate(x, 'SendMode="SoftBlock"', 'SendMode="Hard"'), "launch_event_invalid"],
    ["the same event twice", (x) => mutate(x, 'Type="OnMessageRecipientsChanged"', 'Type="OnMessageSend"'), "launch_event_invalid"],
    ["a renamed task pane button", (x) => mutate(x, `id="${TASKPANE_COMMAND_ID}"`, 'id="OpenPane"'), "command_missing"],
    ["a task pane button that runs a function", (x) => mutate(x, '<Action xsi:type="ShowTaskpane">', '<Action xsi:type="ExecuteFunction">'), "command_missing"],
    ["VersionOverrides 1.1 in the 1.0 namespace", (x) => mutate(x, 'mailappversionoverrides/1.1"', 'mailappversionoverrides"'), "namespace_invalid"],
    ["an Id that is not a GUID", (x) => mutate(x, /<Id>[^<]*<\/Id>/, "<Id>audience-guard</Id>"), "value_invalid"],
    ["a five-part Version", (x) => mutate(x, "<Version>0.1.0.0</Version>", "<Version>0.1.0.0.1</Version>"), "value_invalid"],
    ["a display name longer than 125 characters", (x) => mutate(x, '<DisplayName DefaultValue="Audience Guard">', `<DisplayName DefaultValue="${"A".repeat(126)}">`), "string_too_long"],
    ["a tooltip longer than 250 characters", (x) => mutate(x, /(<bt:String id="OpenButton.Tooltip" DefaultValue=")[^"]*/, `$1${"t".repeat(251)}`), "string_too_long"],
  ])("reports %s", (_name, fault, code) => {
    expect(codes(MANIFEST)).toEqual([]);
    expect(codes(fault(MANIFEST))).toContain(code);
  });

  it("names the element and line of each problem", () => {
    const [problem] = checkManifest(mutate(MANIFEST, '<Label resid="GroupLabel"/>', '<Label resid="NoSuchString"/>'));
    expect(problem?.message).toMatch(/Group#AudienceGuardGroup\/Label \(line \d+\): resid "NoSuchString"/);
  });

  describe("with an origin (production)", () => {
    it("reports every development URL left on localhost", () => {
      const problems = checkManifest(MANIFEST, { origin: PRODUCTION });
      expect(new Set(problems.map((p) => p.code))).toEqual(new Set(["url_localhost"]));
      expect(problems.length).toBe((MANIFEST.match(/"https:\/\/localhost:3000\//g) ?? []).length);
    });

    it("reports a URL on another origin", () => {
      const xml = mutate(rewriteManifest(MANIFEST, { origin: PRODUCTION }), `${PRODUCTION}/support.html`, "https://help.example.com/support.html");
      expect(codes(xml, { origin: PRODUCTION })).toEqual(["url_wrong_origin"]);
    });

    it("reports an origin that is not https", () => {
      expect(codes(MANIFEST, { origin: "http://addins.example.org" })).toEqual(["url_wrong_origin"]);
    });
  });

  describe("with an assets folder", () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "ag-icons-"));
      for (const size of ICON_SIZES) copyFileSync(join(ASSETS, iconFileName(size)), join(dir, iconFileName(size)));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("accepts the committed icons", () => {
      expect(codes(MANIFEST, { assetsDir: dir })).toEqual([]);
    });

    it("reports a missing icon", () => {
      rmSync(join(dir, "icon-80.png"));
      expect(codes(MANIFEST, { assetsDir: dir })).toEqual(["icon_missing"]);
    });

    it("reports an icon of the wrong pixel size", () => {
      copyFileSync(join(ASSETS, "icon-16.png"), join(dir, "icon-32.png"));
      expect(codes(MANIFEST, { assetsDir: dir })).toEqual(["icon_wrong_size"]);
    });

    it("reports a file that is not a PNG", () => {
      writeFileSync(join(dir, "icon-64.png"), "<svg/>");
      // IconUrl, the 64 px button image and its resource all name it: reported once.
      expect(codes(MANIFEST, { assetsDir: dir })).toEqual(["icon_not_png"]);
    });
  });
});

describe("rewriteManifest", () => {
  const production = rewriteManifest(MANIFEST, { origin: PRODUCTION, version: PACKAGE_VERSION });

  it("leaves no localhost URL, and the result passes the production checks", () => {
    expect(production).not.toMatch(/localhost/i);
    expect(checkManifest(production, { origin: PRODUCTION, assetsDir: ASSETS })).toEqual([]);
    expect(launchEventRuntime(production)?.scriptUrl).toBe(`${PRODUCTION}/launchevent.js`);
  });

  it("writes package.json's version as x.y.z.0", () => {
    expect(production).toContain(`<Version>${PACKAGE_VERSION}.0</Version>`);
    expect(manifestVersion("2.10.3")).toBe("2.10.3.0");
    expect(manifestVersion("2.10.3.7")).toBe("2.10.3.7");
  });

  it("replaces the add-in Id", () => {
    const id = "0b7c1f57-86c8-4d8f-9a55-3c1f0f2b9e11";
    const xml = rewriteManifest(MANIFEST, { origin: PRODUCTION, id });
    expect(xml).toContain(`<Id>${id}</Id>`);
    expect(xml.match(/<Id>/g)).toHaveLength(1);
  });

  it("renames the add-in in every locale, escaping XML", () => {
    const xml = rewriteManifest(MANIFEST, { origin: PRODUCTION, displayName: "Reply-All <Guard> & Co" });
    const displayName = /<DisplayName[\s\S]*?<\/DisplayName>/.exec(xml)?.[0] ?? "";
    expect(displayName.match(/Reply-All &lt;Guard&gt; &amp; Co/g)).toHaveLength(5);
    expect(displayName).not.toContain("Audience Guard");
    // Only the DisplayName changes: the ribbon group label and descriptions keep their text.
    expect(xml).toContain('<bt:String id="GroupLabel" DefaultValue="Audience Guard"/>');
    expect(checkManifest(xml, { origin: PRODUCTION })).toEqual([]);
  });

  it("changes nothing else", () => {
    expect(rewriteManifest(MANIFEST, { origin: DEV_ORIGIN })).toBe(MANIFEST);
    const lines = (xml: string): string[] => xml.split("\n");
    const changed = lines(production).filter((line, i) => line !== lines(MANIFEST)[i]);
    expect(changed.every((line) => line.includes(PRODUCTION) || line.includes("<Version>"))).toBe(true);
  });

  it("normalises a trailing slash on the origin", () => {
    expect(rewriteManifest(MANIFEST, { origin: `${PRODUCTION}/` })).toBe(rewriteManifest(MANIFEST, { origin: PRODUCTION }));
  });

  it.each<[string, Parameters<typeof rewriteManifest>[1], string]>([
    ["an http origin", { origin: "http://addins.example.org" }, "origin_invalid"],
    ["an origin with a path", { origin: "https://example.org/addins" }, "origin_invalid"],
    ["something that is not a URL", { origin: "addins.example.org" }, "origin_invalid"],
    ["an Id that is not a GUID", { origin: PRODUCTION, id: "not-a-guid" }, "id_invalid"],
    ["an empty display name", { origin: PRODUCTION, displayName: "  " }, "display_name_invalid"],
    ["a prerelease version", { origin: PRODUCTION, version: "1.0.0-beta.1" }, "version_invalid"],
    ["a two-part version", { origin: PRODUCTION, version: "1.0" }, "version_invalid"],
  ])("rejects %s", (_name, options, code) => {
    expect(() => rewriteManifest(MANIFEST, options)).toThrow(expect.objectContaining({ code }) as Error);
  });

  it("refuses a manifest that is not well-formed", () => {
    expect(() => rewriteManifest("<OfficeApp>", { origin: PRODUCTION })).toThrow(ManifestError);
    expect(() => launchEventFunctionNames("<OfficeApp>")).toThrow(expect.objectContaining({ code: "xml_malformed" }) as Error);
  });
});

describe("icons", () => {
  const rendered = new Map<number, Uint8Array>();
  const render = (size: number): Uint8Array => {
    const cached = rendered.get(size) ?? renderIcon(size);
    rendered.set(size, cached);
    return cached;
  };

  it.each(ICON_SIZES)("assets/icon-%i.png is what makeIcons draws", (size) => {
    const file = readFileSync(join(ASSETS, iconFileName(size)));
    expect(readPngHeader(file)).toEqual({ width: size, height: size, bitDepth: 8, colourType: 6 });
    // Compare pixels, not bytes: another zlib may compress the same pixels differently.
    expect(readPngRgba(file)?.rgba).toEqual(render(size));
  });

  it.each(ICON_SIZES)("the %i px icon is a teal shape on transparency", (size) => {
    const rgba = render(size);
    const pixel = (x: number, y: number): number[] => Array.from(rgba.subarray((y * size + x) * 4, (y * size + x) * 4 + 4));
    expect(pixel(0, 0)[3]).toBe(0);
    expect(pixel(size - 1, size - 1)[3]).toBe(0);
    // Just inside the shield's left edge, halfway down: opaque brand teal.
    expect(pixel(Math.round(size * 0.2), Math.round(size * 0.5))).toEqual([0x0f, 0x6c, 0x7a, 255]);
    // Partly covered edge pixels exist: the outline is anti-aliased.
    const alphas = new Set<number>();
    for (let i = 3; i < rgba.length; i += 4) alphas.add(rgba[i] ?? 0);
    expect([...alphas].some((a) => a > 0 && a < 255)).toBe(true);
  });

  it("reads back what it writes, and nothing that is not a PNG", () => {
    const rgba = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(readPngRgba(encodePng(2, 1, rgba))).toEqual({ width: 2, height: 1, rgba });
    expect(readPngHeader(Buffer.from("GIF89a and then some more bytes here"))).toBeUndefined();
    expect(() => encodePng(2, 2, rgba)).toThrow(RangeError);
  });
});

describe("checkManifestFile arguments", () => {
  it("defaults to manifest.xml and takes --assets and --origin", () => {
    expect(parseArgs([])).toEqual({ file: join(process.cwd(), "manifest.xml"), options: {} });
    expect(parseArgs(["dist/manifest.xml", "--assets", "dist/assets", "--origin", PRODUCTION])).toEqual({
      file: join(process.cwd(), "dist", "manifest.xml"),
      options: { assetsDir: join(process.cwd(), "dist", "assets"), origin: PRODUCTION },
    });
  });

  it("refuses what it does not know", () => {
    expect(parseArgs(["--fix"])).toMatch(/Unknown option '--fix'/);
    expect(parseArgs(["a.xml", "b.xml"])).toMatch(/unexpected argument: b.xml/);
    expect(parseArgs(["--origin"])).toMatch(/--origin <value>' argument missing/);
  });
});
