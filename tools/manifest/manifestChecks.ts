/**
 * Offline checks of the add-in only (XML) manifest, and the rewrite that the production build
 * applies to it.
 *
 * The structure (element order, required children, allowed values) is the schema's business:
 * `validateManifestSchema` (schemaValidate.ts) validates against tools/manifest/schema/, and
 * `checkManifestFully` runs both. What stays here is what a schema cannot express: every `resid`
 * resolves to a resource of the right kind, ids are unique, URLs are https and on the origin, one
 * Runtime with its JavaScript override that the LaunchEvent names, FunctionNames that are
 * identifiers, each event once, the compose button that Smart Alerts' `commandId` opens, and the
 * icons on disk. The identity and length checks also run here, so that the synchronous build check
 * (DeploymentFilesPlugin) reports them with the element's path.
 *
 * Sources: MS-OWEMXML; learn.microsoft.com/javascript/api/manifest/ (resources, runtime, override,
 * launchevent, iconurl, highresolutioniconurl).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { DOMParser } from "@xmldom/xmldom";
import type { Document as XmlDocument, Element as XmlElement, Node as XmlNode } from "@xmldom/xmldom";
import { readPngHeader } from "./png";
import { validateManifestSchema } from "./schemaValidate";

/** The origin of the development server that manifest.xml points at. */
export const DEV_ORIGIN = "https://localhost:3000";
/**
 * The id of the compose button that opens the task pane. The launch-event handler passes it as
 * `commandId` to `event.completed` so that the Smart Alerts dialog can open the pane.
 */
export const TASKPANE_COMMAND_ID = "OpenAudienceGuard";
/** Resource ids and `resid` values: "can be no more than 32 characters" (Resources, Runtime). */
export const MAX_RESOURCE_ID_LENGTH = 32;
/** Every URL in the manifest: "a maximum of 2048 characters" (Url, Resources). */
export const MAX_URL_LENGTH = 2048;
/** ShortString / ShortStrings / DisplayName, in characters. */
export const MAX_SHORT_STRING_LENGTH = 125;
/** LongString / LongStrings / Description, in characters. */
export const MAX_LONG_STRING_LENGTH = 250;

const NS = {
  officeApp: "http://schemas.microsoft.com/office/appforoffice/1.1",
  mailOverrides10: "http://schemas.microsoft.com/office/mailappversionoverrides",
  mailOverrides11: "http://schemas.microsoft.com/office/mailappversionoverrides/1.1",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
} as const;

/** What a problem is about; one code per kind of fault. */
export type ManifestProblemCode =
  | "xml_malformed"
  | "requirement_too_low"
  | "root_invalid"
  | "namespace_invalid"
  | "schema_invalid"
  | "value_invalid"
  | "string_too_long"
  | "resid_unresolved"
  | "resid_wrong_kind"
  | "resource_id_too_long"
  | "resource_id_duplicate"
  | "url_invalid"
  | "url_not_https"
  | "url_too_long"
  | "url_wrong_origin"
  | "url_localhost"
  | "runtime_invalid"
  | "launch_event_invalid"
  | "launch_event_source_mismatch"
  | "command_missing"
  | "icon_missing"
  | "icon_not_png"
  | "icon_wrong_size";

/** One thing wrong with a manifest. */
export interface ManifestProblem {
  code: ManifestProblemCode;
  /** Plain words, naming the element path and line. */
  message: string;
}

/** Options of {@link checkManifest}. */
export interface ManifestCheckOptions {
  /**
   * Require every URL to be on this origin (scheme, host and port) and none on localhost: for
   * production builds. Default: no origin requirement.
   */
  origin?: string;
  /**
   * Folder that the manifest's `/assets/…` URLs are served from. When given, every icon the
   * manifest names must exist there as a PNG of the size the manifest states.
   */
  assetsDir?: string;
  /**
   * The id of the MessageCompose button that opens the task pane.
   * @default TASKPANE_COMMAND_ID
   */
  commandId?: string;
}

/** Codes of {@link ManifestError}. */
export type ManifestErrorCode = "xml_malformed" | "origin_invalid" | "id_invalid" | "version_invalid" | "display_name_invalid";

/** Thrown by the helpers that cannot return a list of problems (parsing for a value, rewriting). */
export class ManifestError extends Error {
  override readonly name = "ManifestError";
  constructor(
    readonly code: ManifestErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing and DOM helpers

type Parsed = { ok: true; doc: XmlDocument; root: XmlElement } | { ok: false; problems: ManifestProblem[] };

function parse(xml: string): Parsed {
  const problems: ManifestProblem[] = [];
  const report = (level: string, message: string): void => {
    problems.push({ code: "xml_malformed", message: `XML ${level}: ${message.split("\n")[0] ?? message}` });
  };
  let doc: XmlDocument;
  try {
    // Every warning and error counts: Outlook's parser is strict where xmldom is lenient.
    doc = new DOMParser({ onError: report }).parseFromString(xml, "text/xml");
  } catch (error) {
    if (problems.length === 0) report("fatalError", error instanceof Error ? error.message : String(error));
    return { ok: false, problems };
  }
  const root = doc.documentElement;
  if (problems.length > 0 || !root) {
    if (problems.length === 0) report("fatalError", "no root element");
    return { ok: false, problems };
  }
  return { ok: true, doc, root };
}

function parseOrThrow(xml: string): XmlElement {
  const parsed = parse(xml);
  if (!parsed.ok) {
    throw new ManifestError("xml_malformed", parsed.problems.map((p) => p.message).join("; "));
  }
  return parsed.root;
}

function isElement(node: XmlNode): node is XmlElement {
  return node.nodeType === 1;
}

function childElements(el: XmlElement, localName?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let i = 0; i < el.childNodes.length; i++) {
    const node = el.childNodes.item(i);
    if (node && isElement(node) && (localName === undefined || node.localName === localName)) out.push(node);
  }
  return out;
}

function descendants(el: XmlElement, localName?: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const child of childElements(e)) {
      if (localName === undefined || child.localName === localName) out.push(child);
      walk(child);
    }
  };
  walk(el);
  return out;
}

function xsiType(el: XmlElement): string | undefined {
  const value = el.getAttributeNS(NS.xsi, "type") ?? el.getAttribute("xsi:type");
  // A prefixed value (e.g. "mailor:VersionOverridesV1_1") names the same type.
  return value ? value.slice(value.indexOf(":") + 1) : undefined;
}

function attr(el: XmlElement, name: string): string | undefined {
  return el.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined;
}

function ancestors(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let p = el.parentNode; p && isElement(p); p = p.parentNode) out.push(p);
  return out;
}

/** "OfficeApp/VersionOverrides/…/Control#OpenAudienceGuard (line 95)". */
function where(el: XmlElement): string {
  const names = [el, ...ancestors(el)].reverse().map((e) => {
    const id = attr(e, "id");
    return id ? `${e.localName ?? e.nodeName}#${id}` : (e.localName ?? e.nodeName);
  });
  return `${names.join("/")}${el.lineNumber ? ` (line ${el.lineNumber})` : ""}`;
}

// ---------------------------------------------------------------------------------------------
// Root, identity and strings

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
/** Manifest Version: one to four dot-separated numbers of up to five digits (MS-OWEMXML Version). */
const MANIFEST_VERSION = /^\d{1,5}(\.\d{1,5}){0,3}$/;

function checkRoot(root: XmlElement, problems: ManifestProblem[]): boolean {
  if (root.localName !== "OfficeApp" || root.namespaceURI !== NS.officeApp) {
    problems.push({
      code: "root_invalid",
      message: `the root element must be <OfficeApp xmlns="${NS.officeApp}">, found <${root.nodeName}> in ${root.namespaceURI ?? "no namespace"}`,
    });
    return false;
  }
  if (xsiType(root) !== "MailApp") {
    problems.push({ code: "root_invalid", message: `<OfficeApp> must have xsi:type="MailApp", found "${xsiType(root) ?? ""}"` });
  }
  for (const vo of descendants(root, "VersionOverrides")) {
    const type = xsiType(vo);
    const expected = type === "VersionOverridesV1_0" ? NS.mailOverrides10 : type === "VersionOverridesV1_1" ? NS.mailOverrides11 : undefined;
    if (!expected) {
      problems.push({ code: "value_invalid", message: `${where(vo)}: xsi:type must be VersionOverridesV1_0 or VersionOverridesV1_1` });
    } else if (vo.namespaceURI !== expected) {
      problems.push({ code: "namespace_invalid", message: `${where(vo)}: ${type} must be in namespace ${expected}, found ${vo.namespaceURI ?? "none"}` });
    }
  }
  return true;
}

function checkIdentity(root: XmlElement, problems: ManifestProblem[]): void {
  const id = childElements(root, "Id")[0];
  if (id && !GUID.test((id.textContent ?? "").trim())) {
    problems.push({ code: "value_invalid", message: `${where(id)}: <Id> must be a GUID, found "${id.textContent ?? ""}"` });
  }
  const version = childElements(root, "Version")[0];
  if (version && !MANIFEST_VERSION.test((version.textContent ?? "").trim())) {
    problems.push({ code: "value_invalid", message: `${where(version)}: <Version> must look like 1.2.3.4, found "${version.textContent ?? ""}"` });
  }
}

function checkLength(el: XmlElement, value: string, max: number, problems: ManifestProblem[]): void {
  if (value.length > max) {
    problems.push({ code: "string_too_long", message: `${where(el)}: ${value.length} characters, at most ${max} allowed: "${value.slice(0, 40)}…"` });
  }
}

function checkStrings(root: XmlElement, problems: ManifestProblem[]): void {
  const lengths: Array<[XmlElement | undefined, number]> = [
    [childElements(root, "DisplayName")[0], MAX_SHORT_STRING_LENGTH],
    [childElements(root, "Description")[0], MAX_LONG_STRING_LENGTH],
  ];
  for (const [el, max] of lengths) {
    if (!el) continue;
    checkLength(el, attr(el, "DefaultValue") ?? "", max, problems);
    for (const o of childElements(el, "Override")) checkLength(o, attr(o, "Value") ?? "", max, problems);
  }
  const provider = childElements(root, "ProviderName")[0];
  if (provider) checkLength(provider, provider.textContent ?? "", MAX_SHORT_STRING_LENGTH, problems);
  for (const [kind, max] of [["ShortStrings", MAX_SHORT_STRING_LENGTH], ["LongStrings", MAX_LONG_STRING_LENGTH]] as const) {
    for (const group of descendants(root, kind)) {
      for (const s of childElements(group, "String")) {
        checkLength(s, attr(s, "DefaultValue") ?? "", max, problems);
        for (const o of childElements(s, "Override")) checkLength(o, attr(o, "Value") ?? "", max, problems);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Resources and resid

/** The four resource collections of `<Resources>`. */
export type ResourceKind = "Images" | "Urls" | "ShortStrings" | "LongStrings";

interface Resource {
  id: string;
  kind: ResourceKind;
  element: XmlElement;
}

const RESOURCE_KINDS: readonly ResourceKind[] = ["Images", "Urls", "ShortStrings", "LongStrings"];

/** The resource kind an element's `resid` must name, by the element's name. */
function residKind(el: XmlElement): ResourceKind {
  switch (el.localName ?? "") {
    case "Image":
      return "Images";
    case "Label":
    case "Title":
      return "ShortStrings";
    case "Description":
    case "Tooltip":
      return "LongStrings";
    default:
      // Runtime, Override, FunctionFile, SourceLocation, …: all URLs.
      return "Urls";
  }
}

function resourcesOf(vo: XmlElement): Resource[] {
  const out: Resource[] = [];
  for (const resources of childElements(vo, "Resources")) {
    for (const kind of RESOURCE_KINDS) {
      for (const group of childElements(resources, kind)) {
        for (const element of childElements(group)) out.push({ id: attr(element, "id") ?? "", kind, element });
      }
    }
  }
  return out;
}

/**
 * Resolves a resid the way a nested VersionOverrides sees resources: its own first, then those of
 * the VersionOverrides it is nested in (MS-OWEMXML VersionOverridesV1_1, Resources: "merges with
 * the rest").
 */
function resolveResid(el: XmlElement, resid: string): Resource | undefined {
  for (const vo of ancestors(el).filter((a) => a.localName === "VersionOverrides")) {
    const found = resourcesOf(vo).find((r) => r.id === resid);
    if (found) return found;
  }
  return undefined;
}

/**
 * The Mailbox requirement set the add-in needs: 1.14, for Send Anyway (`sendModeOverride`),
 * `commandId` and `contextData` on every client that installs it (src/office/requirements.ts).
 */
export const MIN_MAILBOX_VERSION = "1.14";

function versionBelow(version: string, floor: string): boolean {
  const parts = (v: string): number[] => v.split(".").map((n) => Number(n));
  const [a, b] = [parts(version), parts(floor)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (Number.isNaN(x)) return true;
    if (x !== y) return x < y;
  }
  return false;
}

/** Both the base `<Requirements>` and every VersionOverrides' `<bt:Sets DefaultMinVersion>` ask for at least Mailbox 1.14. */
function checkMailboxFloor(root: XmlElement, problems: ManifestProblem[]): void {
  const found: { el: XmlElement; version: string }[] = [];
  for (const requirements of childElements(root, "Requirements")) {
    for (const set of descendants(requirements, "Set")) {
      if (attr(set, "Name") === "Mailbox") found.push({ el: set, version: attr(set, "MinVersion") ?? "" });
    }
  }
  if (found.length === 0) problems.push({ code: "requirement_too_low", message: `<Requirements> must ask for Mailbox ${MIN_MAILBOX_VERSION}` });
  for (const sets of descendants(root, "Sets")) {
    if (sets === undefined || !ancestors(sets).some((a) => a.localName === "VersionOverrides")) continue;
    found.push({ el: sets, version: attr(sets, "DefaultMinVersion") ?? "" });
  }
  for (const { el, version } of found) {
    if (versionBelow(version, MIN_MAILBOX_VERSION)) {
      problems.push({ code: "requirement_too_low", message: `${where(el)}: Mailbox ${version || "(none)"} is below ${MIN_MAILBOX_VERSION}, which Send Anyway needs` });
    }
  }
}

function checkResources(root: XmlElement, problems: ManifestProblem[]): void {
  const seen = new Map<string, XmlElement>();
  for (const vo of descendants(root, "VersionOverrides")) {
    for (const { id, element } of resourcesOf(vo)) {
      if (id.length > MAX_RESOURCE_ID_LENGTH) {
        problems.push({ code: "resource_id_too_long", message: `${where(element)}: resource id "${id}" has ${id.length} characters, at most ${MAX_RESOURCE_ID_LENGTH} allowed` });
      }
      const first = seen.get(id);
      if (first) {
        problems.push({ code: "resource_id_duplicate", message: `${where(element)}: resource id "${id}" is already declared at ${where(first)}` });
      } else {
        seen.set(id, element);
      }
    }
  }
  for (const el of descendants(root)) {
    const resid = attr(el, "resid");
    if (resid === undefined) continue;
    if (resid.length > MAX_RESOURCE_ID_LENGTH) {
      problems.push({ code: "resource_id_too_long", message: `${where(el)}: resid "${resid}" has ${resid.length} characters, at most ${MAX_RESOURCE_ID_LENGTH} allowed` });
    }
    const resource = resolveResid(el, resid);
    const kind = residKind(el);
    if (!resource) {
      problems.push({ code: "resid_unresolved", message: `${where(el)}: resid "${resid}" names no resource in <Resources>/<${kind}>` });
    } else if (resource.kind !== kind) {
      problems.push({ code: "resid_wrong_kind", message: `${where(el)}: resid "${resid}" must name one of <${kind}>, but it is declared in <${resource.kind}>` });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// URLs

interface UrlValue {
  value: string;
  element: XmlElement;
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Every attribute value and text that is a URL; namespace declarations and xsi:type excluded. */
function urlValues(root: XmlElement): UrlValue[] {
  const out: UrlValue[] = [];
  for (const el of [root, ...descendants(root)]) {
    for (let i = 0; i < el.attributes.length; i++) {
      const a = el.attributes.item(i);
      if (!a || a.name === "xmlns" || a.name.startsWith("xmlns:") || a.namespaceURI === NS.xsi) continue;
      if (URL_LIKE.test(a.value.trim())) out.push({ value: a.value.trim(), element: el });
    }
    if (childElements(el).length === 0) {
      const text = (el.textContent ?? "").trim();
      if (URL_LIKE.test(text)) out.push({ value: text, element: el });
    }
  }
  return out;
}

function isLocalhost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host.startsWith("127.") || host === "::1" || host === "0.0.0.0";
}

/**
 * Validates and normalises an origin given by a user (`https://host[:port]`, nothing after).
 * @throws {ManifestError} `origin_invalid`
 */
export function normaliseOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch (cause) {
    throw new ManifestError("origin_invalid", `"${origin}" is not a URL`, { cause });
  }
  if (url.protocol !== "https:") throw new ManifestError("origin_invalid", `"${origin}" must use https`);
  if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) {
    throw new ManifestError("origin_invalid", `"${origin}" must be an origin only (https://host[:port]), with no path, query or credentials`);
  }
  return url.origin;
}

function checkUrls(root: XmlElement, origin: string | undefined, problems: ManifestProblem[]): void {
  const required = origin === undefined ? undefined : normaliseOrigin(origin);
  const localhostAllowed = required !== undefined && isLocalhost(new URL(required).hostname);
  for (const { value, element } of urlValues(root)) {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    if (value.length > MAX_URL_LENGTH) {
      problems.push({ code: "url_too_long", message: `${where(element)}: URL has ${value.length} characters, at most ${MAX_URL_LENGTH} allowed: ${shown}` });
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      problems.push({ code: "url_invalid", message: `${where(element)}: not a valid URL: ${shown}` });
      continue;
    }
    if (url.protocol !== "https:") {
      problems.push({ code: "url_not_https", message: `${where(element)}: URL must use https: ${shown}` });
    }
    if (required === undefined) continue;
    if (isLocalhost(url.hostname) && !localhostAllowed) {
      problems.push({ code: "url_localhost", message: `${where(element)}: a production manifest must not point at localhost: ${shown}` });
    } else if (url.origin !== required) {
      problems.push({ code: "url_wrong_origin", message: `${where(element)}: URL must be on ${required}: ${shown}` });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Event-based activation and the task pane command

function launchEventExtensionPoints(root: XmlElement): XmlElement[] {
  return descendants(root, "ExtensionPoint").filter((e) => xsiType(e) === "LaunchEvent");
}

function launchEvents(root: XmlElement): XmlElement[] {
  return launchEventExtensionPoints(root).flatMap((ep) => childElements(ep, "LaunchEvents").flatMap((l) => childElements(l, "LaunchEvent")));
}

function runtimes(root: XmlElement): XmlElement[] {
  return descendants(root, "Runtimes").flatMap((r) => childElements(r, "Runtime"));
}

const SEND_MODES = ["PromptUser", "SoftBlock", "Block"];
const JS_IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function checkLaunchEvents(root: XmlElement, problems: ManifestProblem[]): void {
  const points = launchEventExtensionPoints(root);
  const all = runtimes(root);
  if (points.length === 0 && all.length === 0) return;
  if (all.length !== 1) {
    problems.push({ code: "runtime_invalid", message: `exactly one <Runtime> is needed for event-based activation (Outlook supports one), found ${all.length}` });
  }
  const runtime = all[0];
  const runtimeResid = runtime ? attr(runtime, "resid") : undefined;
  if (runtime) {
    if (!runtimeResid) problems.push({ code: "runtime_invalid", message: `${where(runtime)}: <Runtime> needs a resid naming the HTML page` });
    const overrides = childElements(runtime, "Override");
    if (!overrides.some((o) => attr(o, "type") === "javascript" && attr(o, "resid"))) {
      problems.push({
        code: "runtime_invalid",
        message: `${where(runtime)}: <Runtime> needs <Override type="javascript" resid="…"/>: classic Outlook on Windows loads the script directly`,
      });
    }
    if (overrides.length > 1) problems.push({ code: "runtime_invalid", message: `${where(runtime)}: only one <Override> is supported inside <Runtime>` });
  }
  for (const ep of points) {
    const source = childElements(ep, "SourceLocation")[0];
    const sourceResid = source ? attr(source, "resid") : undefined;
    if (source && sourceResid !== runtimeResid) {
      problems.push({
        code: "launch_event_source_mismatch",
        message: `${where(source)}: the LaunchEvent SourceLocation resid "${sourceResid ?? ""}" must equal the Runtime resid "${runtimeResid ?? ""}"`,
      });
    }
  }
  const types = new Set<string>();
  for (const ev of launchEvents(root)) {
    const type = attr(ev, "Type") ?? "";
    const fn = attr(ev, "FunctionName") ?? "";
    if (!type) problems.push({ code: "launch_event_invalid", message: `${where(ev)}: <LaunchEvent> needs a Type` });
    if (types.has(type)) problems.push({ code: "launch_event_invalid", message: `${where(ev)}: event ${type} is declared twice` });
    types.add(type);
    if (!JS_IDENTIFIER.test(fn)) {
      problems.push({ code: "launch_event_invalid", message: `${where(ev)}: FunctionName "${fn}" must be a JavaScript identifier registered with Office.actions.associate` });
    }
    const sendMode = attr(ev, "SendMode");
    if (sendMode !== undefined && !SEND_MODES.includes(sendMode)) {
      problems.push({ code: "launch_event_invalid", message: `${where(ev)}: SendMode must be one of ${SEND_MODES.join(", ")}, found "${sendMode}"` });
    }
  }
}

function composeButtons(root: XmlElement): XmlElement[] {
  return descendants(root, "ExtensionPoint")
    .filter((ep) => xsiType(ep) === "MessageComposeCommandSurface")
    .flatMap((ep) => descendants(ep, "Control"))
    .filter((c) => xsiType(c) === "Button");
}

function checkCommand(root: XmlElement, commandId: string, problems: ManifestProblem[]): void {
  const button = composeButtons(root).find((c) => attr(c, "id") === commandId);
  if (!button) {
    problems.push({
      code: "command_missing",
      message: `no <Control xsi:type="Button" id="${commandId}"> under the MessageComposeCommandSurface extension point: the Smart Alert's commandId would open nothing`,
    });
    return;
  }
  const action = childElements(button, "Action")[0];
  if (!action || xsiType(action) !== "ShowTaskpane") {
    problems.push({ code: "command_missing", message: `${where(button)}: the button must have <Action xsi:type="ShowTaskpane">` });
  }
}

// ---------------------------------------------------------------------------------------------
// Icons

interface IconExpectation {
  url: string;
  element: XmlElement;
  /** Pixels, when the manifest states a size. */
  size?: number;
}

/** Documented icon sizes of a mail add-in (iconurl.md, highresolutioniconurl.md). */
const BASE_ICON_SIZES: Readonly<Record<string, number>> = { IconUrl: 64, HighResolutionIconUrl: 128 };

function imageUrls(image: XmlElement): string[] {
  return [attr(image, "DefaultValue") ?? "", ...childElements(image, "Override").map((o) => attr(o, "Value") ?? "")].filter(Boolean);
}

function iconExpectations(root: XmlElement): IconExpectation[] {
  const out: IconExpectation[] = [];
  for (const [name, size] of Object.entries(BASE_ICON_SIZES)) {
    for (const el of childElements(root, name)) {
      for (const url of imageUrls(el)) out.push({ url, element: el, size });
    }
  }
  for (const el of descendants(root, "Image")) {
    const resid = attr(el, "resid");
    if (resid !== undefined) {
      // <bt:Image size="16" resid="…"/> inside <Icon>: the resource must be that size.
      const resource = resolveResid(el, resid);
      const size = Number(attr(el, "size"));
      if (resource?.kind === "Images") {
        for (const url of imageUrls(resource.element)) out.push({ url, element: el, size: Number.isFinite(size) ? size : undefined });
      }
    } else if (attr(el, "id") !== undefined) {
      // A declared image resource: it must exist even where nothing states its size.
      for (const url of imageUrls(el)) out.push({ url, element: el });
    }
  }
  return out;
}

/**
 * Maps an icon URL to a file: the part of the path after `/assets/`, or the file name when the
 * path has no `/assets/` folder.
 */
function assetPath(assetsDir: string, url: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  const marker = pathname.lastIndexOf("/assets/");
  const relative = marker >= 0 ? pathname.slice(marker + "/assets/".length) : posix.basename(pathname);
  if (!relative || relative.split("/").includes("..")) return undefined;
  return join(assetsDir, ...relative.split("/"));
}

function checkIcons(root: XmlElement, assetsDir: string, problems: ManifestProblem[]): void {
  // One report per file for a missing or unreadable file; one per stated size for a wrong size.
  const reported = new Set<string>();
  for (const { url, element, size } of iconExpectations(root)) {
    const file = assetPath(assetsDir, url);
    if (!file || !existsSync(file)) {
      if (!reported.has(url)) problems.push({ code: "icon_missing", message: `${where(element)}: icon ${url} has no file in ${assetsDir}` });
      reported.add(url);
      continue;
    }
    const header = readPngHeader(readFileSync(file));
    const key = `${url}|${size ?? ""}`;
    if (!header) {
      if (!reported.has(url)) problems.push({ code: "icon_not_png", message: `${where(element)}: ${file} is not a PNG` });
      reported.add(url);
    } else if (reported.has(key)) {
      continue;
    } else if (size !== undefined && (header.width !== size || header.height !== size)) {
      problems.push({ code: "icon_wrong_size", message: `${where(element)}: ${file} is ${header.width}×${header.height} px, the manifest states ${size}×${size}` });
      reported.add(key);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Checks a manifest offline. Returns every problem found, in document order per check; an empty
 * list means nothing checked here is wrong. Never throws for a bad manifest (an invalid
 * `options.origin` is reported as a problem too).
 * @param xml the manifest's text
 */
export function checkManifest(xml: string, options: ManifestCheckOptions = {}): ManifestProblem[] {
  const parsed = parse(xml);
  if (!parsed.ok) return parsed.problems;
  const { root } = parsed;
  const problems: ManifestProblem[] = [];
  if (!checkRoot(root, problems)) return problems;
  checkIdentity(root, problems);
  checkStrings(root, problems);
  checkMailboxFloor(root, problems);
  checkResources(root, problems);
  try {
    checkUrls(root, options.origin, problems);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    problems.push({ code: "url_wrong_origin", message: error.message });
  }
  checkLaunchEvents(root, problems);
  checkCommand(root, options.commandId ?? TASKPANE_COMMAND_ID, problems);
  if (options.assetsDir !== undefined) checkIcons(root, options.assetsDir, problems);
  return problems;
}

/**
 * The `FunctionName` of every `<LaunchEvent>`, in document order: each must be registered with
 * `Office.actions.associate(name, handler)` in the launch-event bundle.
 * @throws {ManifestError} `xml_malformed`
 */
export function launchEventFunctionNames(xml: string): string[] {
  return launchEvents(parseOrThrow(xml)).map((ev) => attr(ev, "FunctionName") ?? "");
}

/** The event-based activation runtime: the page (web, new Outlook, Mac) and the script (classic Windows). */
export interface LaunchEventRuntime {
  resid: string;
  pageUrl?: string;
  scriptUrl?: string;
}

/**
 * The launch-event runtime's URLs, resolved through `<Resources>`; `undefined` without a Runtime.
 * @throws {ManifestError} `xml_malformed`
 */
export function launchEventRuntime(xml: string): LaunchEventRuntime | undefined {
  const runtime = runtimes(parseOrThrow(xml))[0];
  const resid = runtime ? attr(runtime, "resid") : undefined;
  if (!runtime || resid === undefined) return undefined;
  const urlOf = (id: string | undefined): string | undefined => {
    const resource = id === undefined ? undefined : resolveResid(runtime, id);
    return resource?.kind === "Urls" ? attr(resource.element, "DefaultValue") : undefined;
  };
  const script = childElements(runtime, "Override").find((o) => attr(o, "type") === "javascript");
  return { resid, pageUrl: urlOf(resid), scriptUrl: urlOf(script ? attr(script, "resid") : undefined) };
}

/**
 * Ids of the buttons on the message compose surface.
 * @throws {ManifestError} `xml_malformed`
 */
export function composeCommandIds(xml: string): string[] {
  return composeButtons(parseOrThrow(xml)).map((c) => attr(c, "id") ?? "");
}

// ---------------------------------------------------------------------------------------------
// Rewrite for production

/** Options of {@link rewriteManifest}. */
export interface RewriteOptions {
  /** Where the built add-in is served, `https://host[:port]`; replaces {@link DEV_ORIGIN}. */
  origin: string;
  /** A new add-in GUID (IT may deploy a renamed copy beside the original). */
  id?: string;
  /** A new display name, for the default locale and every override. At most 125 characters. */
  displayName?: string;
  /** package.json's `x.y.z` (written as `x.y.z.0`), or a four-part manifest version. */
  version?: string;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Converts package.json's `x.y.z` into the manifest's `x.y.z.0`. @throws {ManifestError} `version_invalid` */
export function manifestVersion(version: string): string {
  const parts = version.trim().split(".");
  const numeric = parts.every((p) => /^\d{1,5}$/.test(p) && Number(p) <= 65535);
  if (!numeric || parts.length < 3 || parts.length > 4) {
    throw new ManifestError("version_invalid", `"${version}" is not x.y.z or x.y.z.w with numbers up to 65535 (prerelease tags cannot be expressed)`);
  }
  return parts.length === 3 ? `${parts.join(".")}.0` : parts.join(".");
}

/**
 * Replaces the first match of `pattern` that is not inside a comment. `pattern` must not be global.
 * Returns `undefined` when nothing matched.
 */
function replaceFirstOutsideComments(xml: string, pattern: RegExp, replace: (match: string) => string): string | undefined {
  const comments: Array<[number, number]> = [];
  for (const m of xml.matchAll(/<!--[\s\S]*?-->/g)) comments.push([m.index, m.index + m[0].length]);
  const global = new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`);
  for (const m of xml.matchAll(global)) {
    if (comments.some(([from, to]) => m.index >= from && m.index < to)) continue;
    return xml.slice(0, m.index) + replace(m[0]) + xml.slice(m.index + m[0].length);
  }
  return undefined;
}

/**
 * Rewrites the development manifest for a deployment: every {@link DEV_ORIGIN} URL onto `origin`,
 * and optionally the add-in Id, the DisplayName (default and every locale override) and the
 * Version. Comments and layout are kept. The result is parsed again before it is returned.
 * @throws {ManifestError} `origin_invalid`, `id_invalid`, `display_name_invalid`, `version_invalid`,
 *   `xml_malformed` (the input, or a base element to rewrite, is missing or broken)
 */
export function rewriteManifest(xml: string, options: RewriteOptions): string {
  parseOrThrow(xml);
  const origin = normaliseOrigin(options.origin);
  let out = xml.replace(/https:\/\/localhost:3000(?![\d.])/g, origin);

  const must = (result: string | undefined, element: string): string => {
    if (result === undefined) throw new ManifestError("xml_malformed", `no <${element}> to rewrite`);
    return result;
  };
  if (options.id !== undefined) {
    const id = options.id.trim();
    if (!GUID.test(id)) throw new ManifestError("id_invalid", `"${options.id}" is not a GUID`);
    out = must(replaceFirstOutsideComments(out, /<Id>[^<]*<\/Id>/, () => `<Id>${id}</Id>`), "Id");
  }
  if (options.displayName !== undefined) {
    const name = options.displayName.trim();
    if (!name || name.length > MAX_SHORT_STRING_LENGTH) {
      throw new ManifestError("display_name_invalid", `the display name must have 1 to ${MAX_SHORT_STRING_LENGTH} characters`);
    }
    const value = escapeXml(name);
    out = must(
      replaceFirstOutsideComments(out, /<DisplayName\b[^>]*?(?:\/>|>[\s\S]*?<\/DisplayName>)/, (element) =>
        element.replace(/\bDefaultValue="[^"]*"/, `DefaultValue="${value}"`).replace(/(<Override\b[^>]*?\s)Value="[^"]*"/g, `$1Value="${value}"`),
      ),
      "DisplayName",
    );
  }
  if (options.version !== undefined) {
    const version = manifestVersion(options.version);
    out = must(replaceFirstOutsideComments(out, /<Version>[^<]*<\/Version>/, () => `<Version>${version}</Version>`), "Version");
  }
  parseOrThrow(out);
  return out;
}

/**
 * `checkManifest` and the schema validation together: what `npm run validate` and the tests run.
 * Schema problems come first (line numbers in the message).
 */
export async function checkManifestFully(xml: string, options: ManifestCheckOptions = {}): Promise<ManifestProblem[]> {
  const schema = await validateManifestSchema(xml);
  const semantic = checkManifest(xml, options);
  return [...schema.map(({ code, message, line }) => ({ code, message: line === undefined ? message : `line ${line}: ${message}` })), ...semantic];
}
