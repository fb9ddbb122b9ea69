/**
 * The Outlook clients the add-in runs in, as the platform documents them — the inconvenient parts
 * included. One module, used by the built-script harness (test/clients), the benchmark
 * (tools/bench) and the simulator's "Outlook client" selector (tools/simulator), so that all three
 * show the same client doing the same thing.
 *
 * Sources (office-js-docs-pr unless noted):
 * - Mailbox sets per client: requirement-sets/outlook/outlook-api-requirement-sets.md (classic 1.14 =
 *   Version 2404; Mac supports up to 1.14; the web and new Outlook have the newest sets).
 * - Runtimes: testing/runtimes.md — classic Outlook runs event code in a JavaScript-only runtime
 *   that starts for the event and ends when `event.completed` is called (so nothing in memory
 *   survives to the next event), with `OfficeRuntime.storage` but no DOM, `localStorage` or cookies;
 *   the web, new Outlook and Mac run it in a browser runtime (Mac: Safari WKWebView).
 * - Recipients per `getAsync`: office-js-docs-reference office.recipients.yml — 500 on classic up to
 *   Mailbox 1.15 and on Mac, 1,000 on the web, new Outlook and classic from 1.16.
 * - `getComposeTypeAsync` reports some replies as "newMail" on Windows and Mac (OfficeDev/office-js#6652,
 *   #6739); `inReplyTo` (1.14) still names the original.
 * - `recipientType`: Microsoft 365 groups come as "other" on the web (OfficeDev/office-js#1909);
 *   lists saved in personal contacts as "externalUser" (office.mailboxenums.recipienttype.yml);
 *   typed addresses and dynamic lists as "other".
 * - Nested app authentication (NestedAppAuth 1.1): office-js-docs-reference
 *   requirement-sets/common/nested-app-auth-requirement-sets.md — classic Windows from Version 2409
 *   (Build 18025.20000), not in volume-licensed perpetual Office; Mac from 16.89; the web.
 * - `item.sessionData`: 50,000 characters up to Mailbox 1.15, 2,621,440 from 1.16 (office.sessiondata.yml).
 */

/** What a recipient in the address book really is, before a client types it. */
export type RecipientKind = "person" | "outsider" | "distributionList" | "microsoft365Group" | "dynamicList" | "contactList";

/** Office's `recipientType` values. */
export type OfficeRecipientType = "user" | "distributionList" | "externalUser" | "other";

export type ClientProfileId = "classic" | "classic-no-naa" | "new-outlook" | "web" | "mac";

export interface ClientProfile {
  id: ClientProfileId;
  /** What staff call it, with the versions the profile stands for. */
  name: string;
  /** The newest Mailbox requirement set the client supports. */
  mailboxVersion: "1.14" | "1.15" | "1.16";
  /** `Office.context.diagnostics.platform`. */
  platform: "PC" | "OfficeOnline" | "Mac";
  /** `Office.context.mailbox.diagnostics.hostName`. */
  hostName: string;
  /** The most recipients `getAsync` returns for one field. */
  recipientsPerRead: 500 | 1000;
  /** `isSetSupported("NestedAppAuth", "1.1")`: Graph tokens without a sign-in page. */
  nestedAppAuth: boolean;
  /** `getComposeTypeAsync` answers "newMail" for a reply (inReplyTo still set). */
  repliesReportedAsNewMail: boolean;
  /** A fresh JavaScript realm for every event: only `item.sessionData` and `OfficeRuntime.storage` carry over. */
  freshRuntimePerEvent: boolean;
  /** `OfficeRuntime.storage` in the event runtime. Where the docs do not promise it, the profile goes without. */
  runtimeStorage: boolean;
  /** The JavaScript-only runtime (no DOM, no `location`; absolute URLs only). */
  javascriptOnly: boolean;
  /** `item.sessionData` capacity, characters, all keys together. */
  sessionDataLimit: number;
  /** How this client types each kind of recipient in `EmailAddressDetails.recipientType`. */
  recipientTypes: Readonly<Record<RecipientKind, OfficeRecipientType>>;
}

const SESSION_DATA_UP_TO_115 = 50_000;
const SESSION_DATA_FROM_116 = 2_621_440;

const CLASSIC_TYPES: ClientProfile["recipientTypes"] = {
  person: "user",
  outsider: "externalUser",
  distributionList: "distributionList",
  microsoft365Group: "distributionList",
  dynamicList: "other",
  contactList: "externalUser",
};

const WEB_TYPES: ClientProfile["recipientTypes"] = {
  person: "user",
  outsider: "externalUser",
  distributionList: "distributionList",
  microsoft365Group: "other",
  dynamicList: "other",
  contactList: "externalUser",
};

/** Every profile, the strictest classic first. */
export const CLIENT_PROFILES: readonly ClientProfile[] = [
  {
    id: "classic",
    name: "Classic Outlook for Windows, Version 2409 or later",
    mailboxVersion: "1.14",
    platform: "PC",
    hostName: "Outlook",
    recipientsPerRead: 500,
    nestedAppAuth: true,
    repliesReportedAsNewMail: true,
    freshRuntimePerEvent: true,
    runtimeStorage: true,
    javascriptOnly: true,
    sessionDataLimit: SESSION_DATA_UP_TO_115,
    recipientTypes: CLASSIC_TYPES,
  },
  {
    id: "classic-no-naa",
    name: "Classic Outlook for Windows, Version 2404 to 2408, or volume-licensed Office 2024",
    mailboxVersion: "1.14",
    platform: "PC",
    hostName: "Outlook",
    recipientsPerRead: 500,
    nestedAppAuth: false,
    repliesReportedAsNewMail: true,
    freshRuntimePerEvent: true,
    runtimeStorage: true,
    javascriptOnly: true,
    sessionDataLimit: SESSION_DATA_UP_TO_115,
    recipientTypes: CLASSIC_TYPES,
  },
  {
    id: "new-outlook",
    name: "New Outlook for Windows",
    mailboxVersion: "1.15",
    platform: "OfficeOnline",
    hostName: "newOutlookWindows",
    recipientsPerRead: 1000,
    nestedAppAuth: true,
    repliesReportedAsNewMail: true,
    freshRuntimePerEvent: false,
    runtimeStorage: false,
    javascriptOnly: false,
    sessionDataLimit: SESSION_DATA_UP_TO_115,
    recipientTypes: WEB_TYPES,
  },
  {
    id: "web",
    name: "Outlook on the web",
    mailboxVersion: "1.15",
    platform: "OfficeOnline",
    hostName: "OutlookWebApp",
    recipientsPerRead: 1000,
    nestedAppAuth: true,
    repliesReportedAsNewMail: false,
    freshRuntimePerEvent: false,
    runtimeStorage: false,
    javascriptOnly: false,
    sessionDataLimit: SESSION_DATA_UP_TO_115,
    recipientTypes: WEB_TYPES,
  },
  {
    id: "mac",
    name: "Outlook on Mac (new Outlook), 16.89 or later",
    mailboxVersion: "1.14",
    platform: "Mac",
    hostName: "Outlook",
    recipientsPerRead: 500,
    nestedAppAuth: true,
    repliesReportedAsNewMail: true,
    freshRuntimePerEvent: false,
    runtimeStorage: false,
    javascriptOnly: false,
    sessionDataLimit: SESSION_DATA_UP_TO_115,
    recipientTypes: WEB_TYPES,
  },
];

/** The profile with this id. @throws Error for an unknown id */
export function clientProfile(id: string): ClientProfile {
  const found = CLIENT_PROFILES.find((profile) => profile.id === id);
  if (!found) throw new Error(`Unknown Outlook client profile "${id}"; known: ${CLIENT_PROFILES.map((p) => p.id).join(", ")}`);
  return found;
}

const ORDER = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16"];

/** `isSetSupported(name, version)` as this client answers it. */
export function profileSupports(profile: ClientProfile, name: string, version = "1.1"): boolean {
  if (name === "NestedAppAuth") return profile.nestedAppAuth && version === "1.1";
  if (name !== "Mailbox") return false;
  const want = ORDER.indexOf(String(version));
  return want >= 0 && want <= ORDER.indexOf(profile.mailboxVersion);
}

/** The characters `item.sessionData` holds on this client: the 1.16 limit needs 1.16. */
export function sessionDataLimitOf(profile: ClientProfile): number {
  return profile.mailboxVersion === "1.16" ? SESSION_DATA_FROM_116 : profile.sessionDataLimit;
}
