/**
 * The unified manifest for Microsoft 365 (manifest.json), generated from manifest.xml so that the
 * XML stays the one source of truth: id, version, names, description, permission, requirement set,
 * the launch-event runtime and its handlers, the send mode and the compose button all come from it,
 * through the same rewrite (origin, id, display name, version) as the production XML.
 *
 * Mapping (learn.microsoft.com/office/dev/add-ins/develop/json-manifest-overview,
 * .../develop/unified-manifest-overview, .../outlook/smart-alerts-onmessagesend-walkthrough,
 * .../develop/event-based-activation "Supported events", .../outlook/understanding-outlook-add-in-permissions;
 * schema: node_modules/@microsoft/app-manifest/build/json-schemas/teams/v1.30):
 *
 * | XML | unified |
 * | --- | --- |
 * | Id, Version (x.y.z.0) | id, version (x.y.z) |
 * | DisplayName, Description, ProviderName, SupportUrl | name.short, description.full, developer |
 * | DefaultLocale | localizationInfo.defaultLanguageTag |
 * | Permissions ReadWriteItem | authorization.permissions.resourceSpecific MailboxItem.ReadWrite.User |
 * | Hosts Mailbox, Requirements Mailbox 1.14 | extensions[0].requirements scopes ["mail"], capabilities |
 * | Runtime (page) + Override type="javascript" (script) | runtimes[] "general", code.page + code.script, lifetime "short" |
 * | LaunchEvent FunctionName | an "executeFunction" action whose id is the FunctionName |
 * | LaunchEvent Type, SendMode | autoRunEvents[].events[] type (e.g. messageSending), options.sendMode |
 * | MessageComposeCommandSurface / OfficeTab / Group / Button | ribbons[] contexts ["mailCompose"], tabs[].builtInTabId, groups, controls |
 * | ShowTaskpane SourceLocation | a task pane runtime with an "openPage" action |
 *
 * The Smart Alerts dialog opens the task pane through `commandId`, which the unified manifest
 * matches against the "id" of the control in "controls" (smart-alerts-onmessagesend-walkthrough,
 * "Customize the text and functionality of a button"); the openPage action gets the same id, so
 * the one name works whichever the client looks up.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkManifest, launchEventFunctionNames, launchEventRuntime, normaliseOrigin, rewriteManifest } from "./manifestChecks";
import type { RewriteOptions } from "./manifestChecks";
import { UNIFIED_ICONS } from "./makeIcons";
import { readXmlFacts } from "./unifiedXml";
import { unifiedLanguageFiles, type UnifiedLanguageFile } from "./unifiedLocalization";
import type { XmlCommandSurface, XmlFacts } from "./unifiedXml";

/**
 * The newest manifest version whose schema ships with office-addin-manifest (in
 * @microsoft/app-manifest), so that it validates offline. Every version from 1.17 has all this
 * add-in uses (autoRunEvents with sendMode, runtimes with code.script).
 */
export const UNIFIED_MANIFEST_VERSION = "1.30";
export const UNIFIED_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${UNIFIED_MANIFEST_VERSION}/MicrosoftTeams.schema.json`;

/** The brand colour of the icons (makeIcons.ts). */
export const UNIFIED_ACCENT_COLOR = "#0F6C7A";

/**
 * `description.short` (at most 80 characters): the XML has only the long description, which
 * becomes `description.full`.
 */
export const UNIFIED_SHORT_DESCRIPTION = "Before you send: how many people a message really reaches, and who is external.";

/** Runtime ids (at most 64 characters). */
export const LAUNCH_EVENT_RUNTIME_ID = "LaunchEventRuntime";
export const TASKPANE_RUNTIME_ID = "TaskpaneRuntime";

/** Paths of the icons relative to manifest.json: the build puts manifest.json beside assets/. */
export const UNIFIED_ICON_PATHS = {
  color: `assets/${UNIFIED_ICONS[0].file}`,
  outline: `assets/${UNIFIED_ICONS[1].file}`,
} as const;

/** Limits of the schema, in characters. */
const LIMITS = { nameShort: 30, descriptionShort: 80, descriptionFull: 4000, developerName: 32, label: 64, supertipTitle: 64, supertipDescription: 250 };

/**
 * Event names: add-in only manifest → unified manifest (event-based-activation.md, "Supported
 * events"). Events missing here have no unified name yet.
 */
export const UNIFIED_EVENT_TYPES: Readonly<Record<string, string>> = {
  OnNewMessageCompose: "newMessageComposeCreated",
  OnNewAppointmentOrganizer: "newAppointmentOrganizerCreated",
  OnMessageAttachmentsChanged: "messageAttachmentsChanged",
  OnAppointmentAttachmentsChanged: "appointmentAttachmentsChanged",
  OnMessageRecipientsChanged: "messageRecipientsChanged",
  OnAppointmentAttendeesChanged: "appointmentAttendeesChanged",
  OnAppointmentTimeChanged: "appointmentTimeChanged",
  OnAppointmentRecurrenceChanged: "appointmentRecurrenceChanged",
  OnInfoBarDismissClicked: "infoBarDismissClicked",
  OnMessageSend: "messageSending",
  OnAppointmentSend: "appointmentSending",
  OnMessageCompose: "messageComposeOpened",
  OnAppointmentOrganizer: "appointmentOrganizerOpened",
  OnMessageFromChanged: "messageFromChanged",
  OnAppointmentFromChanged: "appointmentFromChanged",
  OnSensitivityLabelChanged: "sensitivityLabelChanged",
};

const SEND_MODES: Readonly<Record<string, UnifiedSendMode>> = { PromptUser: "promptUser", SoftBlock: "softBlock", Block: "block" };

/** `<Permissions>` → resource-specific permission (understanding-outlook-add-in-permissions.md). */
const PERMISSIONS: Readonly<Record<string, string>> = {
  Restricted: "MailboxItem.Restricted.User",
  ReadItem: "MailboxItem.Read.User",
  ReadWriteItem: "MailboxItem.ReadWrite.User",
  ReadWriteMailbox: "Mailbox.ReadWrite.User",
};

/** Command surface → ribbon context. */
const CONTEXTS: Readonly<Record<string, UnifiedContext>> = {
  MessageComposeCommandSurface: "mailCompose",
  MessageReadCommandSurface: "mailRead",
  AppointmentOrganizerCommandSurface: "meetingDetailsOrganizer",
  AppointmentAttendeeCommandSurface: "meetingDetailsAttendee",
};

/** Control icon sizes the schema allows. */
const ICON_SIZES = new Set([16, 20, 24, 32, 40, 48, 64, 80]);

// ---------------------------------------------------------------------------------------------
// Types: the part of the schema this add-in uses

export type UnifiedSendMode = "promptUser" | "softBlock" | "block";
export type UnifiedContext = "mailRead" | "mailCompose" | "meetingDetailsOrganizer" | "meetingDetailsAttendee";

export interface UnifiedRequirements {
  capabilities?: Array<{ name: string; minVersion?: string }>;
  scopes?: Array<"mail">;
}

export interface UnifiedAction {
  id: string;
  type: "executeFunction" | "openPage";
}

export interface UnifiedRuntime {
  requirements?: UnifiedRequirements;
  id: string;
  type: "general";
  code: { page: string; script?: string };
  lifetime: "short" | "long";
  actions: UnifiedAction[];
}

export interface UnifiedControl {
  id: string;
  type: "button";
  label: string;
  icons: Array<{ size: number; url: string }>;
  supertip: { title: string; description: string };
  actionId: string;
}

export interface UnifiedRibbon {
  contexts: UnifiedContext[];
  tabs: Array<{ builtInTabId: string; groups: Array<{ id: string; label: string; controls: UnifiedControl[] }> }>;
}

export interface UnifiedAutoRunEvent {
  type: string;
  actionId: string;
  options?: { sendMode: UnifiedSendMode };
}

export interface UnifiedExtension {
  requirements: UnifiedRequirements;
  runtimes: UnifiedRuntime[];
  ribbons: UnifiedRibbon[];
  autoRunEvents?: Array<{ requirements?: UnifiedRequirements; events: UnifiedAutoRunEvent[] }>;
}

/** The manifest.json this module writes. */
export interface UnifiedManifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  version: string;
  name: { short: string };
  description: { short: string; full: string };
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  icons: { color: string; outline: string };
  accentColor: string;
  localizationInfo: { defaultLanguageTag: string; additionalLanguages?: Array<{ languageTag: string; file: string }> };
  authorization: { permissions: { resourceSpecific: Array<{ name: string; type: "Delegated" }> } };
  validDomains: string[];
  extensions: [UnifiedExtension];
}

// ---------------------------------------------------------------------------------------------
// Errors

/** Codes of {@link UnifiedManifestError}. */
export type UnifiedManifestErrorCode = "xml_invalid" | "unsupported" | "string_too_long" | "version_invalid";

/**
 * Thrown when manifest.xml cannot be restated as a unified manifest. (An invalid origin, id,
 * display name or version is reported by `rewriteManifest` as a `ManifestError`.)
 */
export class UnifiedManifestError extends Error {
  override readonly name = "UnifiedManifestError";
  constructor(
    readonly code: UnifiedManifestErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

function limit(value: string, max: number, what: string): string {
  if (value.length > max) throw new UnifiedManifestError("string_too_long", `${what} has ${value.length} characters, the unified manifest allows ${max}: "${value}"`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Building

/** Options of {@link unifiedManifestFromXml}: those of `rewriteManifest`, plus the description. */
export interface UnifiedManifestOptions extends RewriteOptions {
  /** Overrides `description.short` (default {@link UNIFIED_SHORT_DESCRIPTION}) and `description.full` (default: the XML's). */
  description?: { short?: string; full?: string };
}

/** `x.y.z.0` → `x.y.z`: the unified manifest's version has three parts. */
function unifiedVersion(xmlVersion: string): string {
  const parts = xmlVersion.split(".").map((p) => String(Number(p)));
  while (parts.length < 4) parts.push("0");
  if (parts.length > 4 || parts.some((p) => !/^\d{1,5}$/.test(p))) throw new UnifiedManifestError("version_invalid", `"${xmlVersion}" is not a manifest version`);
  if (parts[3] !== "0") {
    throw new UnifiedManifestError("version_invalid", `"${xmlVersion}": the unified manifest's version has three parts (x.y.z), so the fourth must be 0`);
  }
  return parts.slice(0, 3).join(".");
}

function requirementsFor(facts: XmlFacts): UnifiedRequirements {
  const scopes = facts.hosts.map((host) => {
    if (host !== "Mailbox") throw new UnifiedManifestError("unsupported", `<Host Name="${host}">: only Outlook ("Mailbox") is translated`);
    return "mail" as const;
  });
  const capabilities = facts.requirementSets.map((set) => ({ name: set.name, ...(set.minVersion ? { minVersion: set.minVersion } : {}) }));
  return { scopes, ...(capabilities.length > 0 ? { capabilities } : {}) };
}

function ribbonFor(surface: XmlCommandSurface): { ribbon: UnifiedRibbon; taskpanes: Array<{ actionId: string; url: string }> } {
  const context = CONTEXTS[surface.type];
  if (!context) throw new UnifiedManifestError("unsupported", `<ExtensionPoint xsi:type="${surface.type}"> has no ribbon context here`);
  const taskpanes: Array<{ actionId: string; url: string }> = [];
  const groups = surface.groups.map((group) => ({
    id: group.id,
    label: limit(group.label, LIMITS.label, `group ${group.id} label`),
    controls: group.buttons.map((button): UnifiedControl => {
      for (const icon of button.icons) {
        if (!ICON_SIZES.has(icon.size)) throw new UnifiedManifestError("unsupported", `button ${button.id}: icon size ${icon.size} is not one the unified manifest allows`);
      }
      taskpanes.push({ actionId: button.id, url: button.taskpaneUrl });
      return {
        id: button.id,
        type: "button",
        label: limit(button.label, LIMITS.label, `button ${button.id} label`),
        icons: button.icons.map(({ size, url }) => ({ size, url })),
        supertip: {
          title: limit(button.title, LIMITS.supertipTitle, `button ${button.id} supertip title`),
          description: limit(button.description, LIMITS.supertipDescription, `button ${button.id} supertip description`),
        },
        actionId: button.id,
      };
    }),
  }));
  return { ribbon: { contexts: [context], tabs: [{ builtInTabId: surface.tabId, groups }] }, taskpanes };
}

/**
 * Restates manifest.xml as a unified manifest for Microsoft 365. Every URL is the XML's, rewritten
 * onto `options.origin` by `rewriteManifest` (which also applies `id`, `displayName` and `version`);
 * the rewritten XML must pass `checkManifest` with that origin.
 * @param xml the development manifest.xml
 * @throws {ManifestError} `origin_invalid`, `id_invalid`, `display_name_invalid`, `version_invalid`, `xml_malformed`
 * @throws {UnifiedManifestError} `xml_invalid`, `unsupported`, `string_too_long`, `version_invalid`
 */
export function unifiedManifestFromXml(xml: string, options: UnifiedManifestOptions): UnifiedManifest {
  const { description, ...rewrite } = options;
  const origin = normaliseOrigin(rewrite.origin);
  const rewritten = rewriteManifest(xml, { ...rewrite, origin });
  const problems = checkManifest(rewritten, { origin });
  if (problems.length > 0) throw new UnifiedManifestError("xml_invalid", problems.map((p) => p.message).join("; "));

  let facts: XmlFacts;
  try {
    facts = readXmlFacts(rewritten);
  } catch (error) {
    throw new UnifiedManifestError("xml_invalid", error instanceof Error ? error.message : String(error));
  }
  if (facts.unsupported.length > 0) throw new UnifiedManifestError("unsupported", `not translated to the unified manifest: ${facts.unsupported.join(", ")}`);

  const permission = PERMISSIONS[facts.permissions];
  if (!permission) throw new UnifiedManifestError("unsupported", `<Permissions>${facts.permissions}</Permissions>`);

  // The launch-event runtime and handler names, read by the same helpers the XML checks use.
  const runtime = launchEventRuntime(rewritten);
  const functionNames = launchEventFunctionNames(rewritten);
  const runtimes: UnifiedRuntime[] = [];
  const autoRunEvents: UnifiedAutoRunEvent[] = [];
  if (runtime) {
    if (!runtime.pageUrl || !runtime.scriptUrl) throw new UnifiedManifestError("xml_invalid", `the launch-event runtime ${runtime.resid} needs both a page and a script URL`);
    runtimes.push({
      ...(facts.launchEventMinVersion ? { requirements: { capabilities: [{ name: "Mailbox", minVersion: facts.launchEventMinVersion }] } } : {}),
      id: LAUNCH_EVENT_RUNTIME_ID,
      type: "general",
      code: { page: runtime.pageUrl, script: runtime.scriptUrl },
      lifetime: "short",
      actions: functionNames.map((id) => ({ id, type: "executeFunction" })),
    });
    for (const ev of facts.launchEvents) {
      const type = UNIFIED_EVENT_TYPES[ev.type];
      if (!type) throw new UnifiedManifestError("unsupported", `<LaunchEvent Type="${ev.type}"> has no unified manifest name`);
      const sendMode = ev.sendMode === undefined ? undefined : SEND_MODES[ev.sendMode];
      if (ev.sendMode !== undefined && !sendMode) throw new UnifiedManifestError("unsupported", `SendMode="${ev.sendMode}"`);
      autoRunEvents.push({ type, actionId: ev.functionName, ...(sendMode ? { options: { sendMode } } : {}) });
    }
  }

  const ribbons: UnifiedRibbon[] = [];
  const taskpaneActions: UnifiedAction[] = [];
  let taskpaneUrl: string | undefined;
  for (const surface of facts.commandSurfaces) {
    const { ribbon, taskpanes } = ribbonFor(surface);
    ribbons.push(ribbon);
    for (const pane of taskpanes) {
      if (taskpaneUrl !== undefined && pane.url !== taskpaneUrl) throw new UnifiedManifestError("unsupported", `task panes on two pages (${taskpaneUrl}, ${pane.url})`);
      taskpaneUrl = pane.url;
      if (!taskpaneActions.some((a) => a.id === pane.actionId)) taskpaneActions.push({ id: pane.actionId, type: "openPage" });
    }
  }
  if (taskpaneUrl !== undefined) {
    runtimes.push({ id: TASKPANE_RUNTIME_ID, type: "general", code: { page: taskpaneUrl }, lifetime: "short", actions: taskpaneActions });
  }

  const requirements = requirementsFor(facts);
  const manifestTexts = {
    name: { short: limit(facts.displayName, LIMITS.nameShort, "the display name") },
    description: {
      short: limit(description?.short ?? UNIFIED_SHORT_DESCRIPTION, LIMITS.descriptionShort, "the short description"),
      full: limit(description?.full ?? facts.description, LIMITS.descriptionFull, "the description"),
    },
    extensions: [{ ribbons }],
  };
  // The XML's Override elements, one language file each (unifiedLocalization.ts).
  const languages = unifiedLanguageFiles(rewritten, manifestTexts);
  return {
    $schema: UNIFIED_SCHEMA_URL,
    manifestVersion: UNIFIED_MANIFEST_VERSION,
    id: facts.id.replace(/^\{|\}$/g, ""),
    version: unifiedVersion(facts.version),
    name: manifestTexts.name,
    description: manifestTexts.description,
    developer: {
      name: limit(facts.providerName, LIMITS.developerName, "<ProviderName>"),
      // The XML has only a support page; it is the privacy and terms page too until there are others.
      websiteUrl: facts.supportUrl,
      privacyUrl: facts.supportUrl,
      termsOfUseUrl: facts.supportUrl,
    },
    icons: { ...UNIFIED_ICON_PATHS },
    accentColor: UNIFIED_ACCENT_COLOR,
    localizationInfo: {
      defaultLanguageTag: facts.defaultLocale.toLowerCase(),
      ...(languages.length > 0 ? { additionalLanguages: languages.map(({ languageTag, file }) => ({ languageTag, file })) } : {}),
    },
    authorization: { permissions: { resourceSpecific: [{ name: permission, type: "Delegated" }] } },
    validDomains: [new URL(origin).host],
    extensions: [
      {
        requirements,
        runtimes,
        ribbons,
        ...(autoRunEvents.length > 0 ? { autoRunEvents: [{ requirements: { ...requirements }, events: autoRunEvents }] } : {}),
      },
    ],
  };
}

/** Options of {@link buildUnifiedManifest}. */
export interface BuildUnifiedManifestOptions extends UnifiedManifestOptions {
  /** The XML manifest to restate. @default the repository's manifest.xml */
  manifestPath?: string;
}

/** The repository's manifest.xml. */
export const DEFAULT_MANIFEST_PATH = join(__dirname, "..", "..", "manifest.xml");

/**
 * Reads manifest.xml and returns the unified manifest for `origin` (see
 * {@link unifiedManifestFromXml}). Write it with {@link serializeUnifiedManifest} as manifest.json
 * beside the `assets/` folder that holds its icons.
 */
export function buildUnifiedManifest(options: BuildUnifiedManifestOptions): UnifiedManifest {
  const { manifestPath = DEFAULT_MANIFEST_PATH, ...rest } = options;
  return unifiedManifestFromXml(readFileSync(manifestPath, "utf8"), rest);
}

/**
 * The language files manifest.json names in `localizationInfo.additionalLanguages`, for `options`
 * as given to {@link unifiedManifestFromXml}: write each beside manifest.json.
 */
export function unifiedLanguageFilesFromXml(xml: string, options: UnifiedManifestOptions): UnifiedLanguageFile[] {
  const manifest = unifiedManifestFromXml(xml, options);
  return unifiedLanguageFiles(rewriteManifest(xml, { ...options, origin: normaliseOrigin(options.origin) }), { ...manifest, extensions: manifest.extensions });
}

/** The text of manifest.json: two-space JSON with a final newline. */
export function serializeUnifiedManifest(manifest: UnifiedManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Every absolute URL in the manifest, with its JSON path (`$schema` excluded: it names the schema,
 * not a resource of the add-in).
 */
export function unifiedManifestUrls(manifest: UnifiedManifest): Array<{ path: string; url: string }> {
  const out: Array<{ path: string; url: string }> = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === "string") {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) out.push({ path, url: value });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) if (key !== "$schema") walk(item, path ? `${path}.${key}` : key);
    }
  };
  walk(manifest, "");
  return out;
}

/** The icon files the manifest names, resolved against `dir` (the folder of manifest.json); missing ones listed. */
export function missingUnifiedIcons(manifest: UnifiedManifest, dir: string): string[] {
  return [manifest.icons.color, manifest.icons.outline].filter((file) => !existsSync(join(dir, ...file.split("/"))));
}
