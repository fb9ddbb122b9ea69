import type { MailboxVersion } from "./Mailbox";
import type { OfficeApi } from "./OfficeApi";

/**
 * Feature detection by requirement set. The manifest asks for Mailbox 1.14 (Send Anyway, `commandId`,
 * `contextData` on every client that installs the add-in; Outlook on Mac stops at 1.14), so only what
 * is newer is detected at run time with `Office.context.requirements.isSetSupported` (PLATFORM.md,
 * "Smart Alerts").
 */

/** Whether the client supports a Mailbox requirement set. */
export type MailboxSupport = (version: MailboxVersion) => boolean;

/** `isSetSupported("Mailbox", version)`; a client that throws on the question supports nothing newer. */
export function mailboxSupport(office: Pick<OfficeApi, "context">): MailboxSupport {
  return (version) => isSetSupported(office, "Mailbox", version);
}

function isSetSupported(office: Pick<OfficeApi, "context">, name: string, version: string): boolean {
  try {
    return office.context.requirements.isSetSupported(name, version) === true;
  } catch {
    return false;
  }
}

/**
 * Nested app authentication (`NestedAppAuth` 1.1): MSAL can get Graph tokens from the host.
 * (office-js-docs-pr: develop/enable-nested-app-authentication-in-your-add-in.md)
 */
export function supportsNestedAppAuth(office: Pick<OfficeApi, "context">): boolean {
  return isSetSupported(office, "NestedAppAuth", "1.1");
}

/** The `event.completed` options a client understands (office.smartalertseventcompletedoptions). */
export interface SmartAlertsFeatures {
  /** `sendModeOverride: promptUser` — the user gets **Send Anyway** (Mailbox 1.14). */
  sendModeOverride: boolean;
  /** `cancelLabel`, at most 20 characters (Mailbox 1.14). */
  cancelLabel: boolean;
  /** `commandId`: a dialog button opens the task pane whose `<Control id>` matches (Mailbox 1.14). */
  commandId: boolean;
  /** `contextData`, read by the task pane with `getInitializationContextAsync` (Mailbox 1.14). */
  contextData: boolean;
  /** `errorMessageMarkdown` (Mailbox 1.15). */
  errorMessageMarkdown: boolean;
}

/** The Smart Alerts options this client supports. Below 1.14 only `allowEvent` and `errorMessage` exist. */
export function smartAlertsFeatures(supports: MailboxSupport): SmartAlertsFeatures {
  const v14 = supports("1.14");
  return { sendModeOverride: v14, cancelLabel: v14, commandId: v14, contextData: v14, errorMessageMarkdown: supports("1.15") };
}

/** Recipients Office accepts in one `setAsync` / `addAsync` call (office.recipients.yml). */
export const MAX_RECIPIENTS_PER_WRITE = 100;

/**
 * The most recipients `getAsync` returns for one field (office-js-docs-reference: office.recipients.yml):
 * 1,000 in Outlook on the web and new Outlook on Windows (both report `Office.context.diagnostics.platform`
 * "OfficeOnline") and in classic Windows from Mailbox 1.16; 500 in older classic Windows and on Mac.
 * A field that returns exactly this many may hold more.
 */
export function maxRecipientsPerRead(supports: MailboxSupport, platform?: string): number {
  return platform === "OfficeOnline" || supports("1.16") ? 1000 : 500;
}

/** `Office.context.diagnostics.platform`, or `undefined` when the client does not say. Never throws. */
export function officePlatform(office: Pick<OfficeApi, "context">): string | undefined {
  try {
    const platform = office.context.diagnostics?.platform;
    return typeof platform === "string" ? platform : undefined;
  } catch {
    return undefined;
  }
}
