/**
 * The seam between the simulated Outlook window (compose page) and the Office shim that runs inside
 * each add-in frame (task pane, launch-event runtime). Outlook on the web talks to add-in frames by
 * postMessage; here the frames are same-origin, so the shim calls the host directly, and every value
 * crosses as JSON text so that no object from one realm leaks into the other.
 */

/** Which add-in surface a frame is. */
export type Surface = "taskpane" | "launchevent";

/** One recipient as Office's `EmailAddressDetails` (`recipientType` as its runtime string). */
export interface RecipientDetails {
  emailAddress: string;
  displayName: string;
  recipientType: "user" | "distributionList" | "externalUser" | "other";
}

/** A recipient as an add-in may pass it to `setAsync` / `addAsync`. */
export interface RecipientRequest {
  emailAddress: string;
  displayName?: string;
}

export type Field = "to" | "cc" | "bcc";

/** What the shim needs to know about the client it pretends to be. */
export interface ClientInfo {
  /** Highest Mailbox requirement set supported, e.g. "1.15". */
  mailboxVersion: string;
  /** `Office.context.displayLanguage`. */
  displayLanguage: string;
  /** `userProfile.emailAddress` / `displayName`. */
  userEmail: string;
  userName: string;
  /** Most recipients `getAsync` returns per field (Outlook on the web: 1,000). */
  getLimit: number;
  /** `NestedAppAuth` 1.1 (tools/clients/profiles.ts). */
  nestedAppAuth: boolean;
  /** `Office.context.diagnostics.platform`. */
  platform: string;
  /** `getComposeTypeAsync` says "newMail" for a reply, as Windows and Mac do. */
  repliesReportedAsNewMail: boolean;
}

/** Outcome of a host call the shim turns into an `Office.AsyncResult`. */
export type HostResult = { ok: true; valueJson: string } | { ok: false; name: string; message: string; code: number };

/**
 * What the compose page offers to the shim. Methods take and return JSON text (see above); the
 * `dispatch` functions the shim registers are called with JSON text too.
 */
export interface OutlookHost {
  client(): string;
  getRecipients(field: Field): string;
  /** `mode` "set" replaces the field, "add" appends. */
  changeRecipients(surface: Surface, field: Field, mode: "set" | "add", recipientsJson: string): HostResult;
  getFrom(): string;
  /** `{ composeType, inReplyTo, conversationId, subject }` as Office reports them. */
  getItemFacts(): string;
  sessionData(op: "get" | "set" | "getAll" | "remove" | "clear", key: string, value: string): HostResult;
  /** Registers the shim's dispatcher for an item event of one surface; returns false for unsupported events. */
  addItemHandler(surface: Surface, eventType: string, dispatch: (argsJson: string) => void): boolean;
  removeItemHandlers(surface: Surface, eventType: string): void;
  /** The `contextData` the task pane was opened with, as a string, or null. */
  getInitializationContext(surface: Surface): string | null;
  /** The nested app authentication bridge: one request envelope in, one response envelope out. */
  naaRequest(surface: Surface, envelopeJson: string): Promise<string>;
  /** Tells the host that `Office.actions.associate` ran. */
  associated(surface: Surface, name: string): void;
  /** A problem the add-in caused (wrong call, limit exceeded) for the simulator's event log. */
  reportAddinError(surface: Surface, message: string): void;
}

/** What the shim exposes on the frame's window for the host to call. */
export interface ShimPort {
  /** Runs the function associated under `name` with an event whose `completed` calls `onCompleted(optionsJson)`. */
  fireLaunchEvent(name: string, extraJson: string, onCompleted: (optionsJson: string) => void): boolean;
}

export const HOST_GLOBAL = "__outlookHost";
export const SHIM_GLOBAL = "__officeShim";

/** Compares dotted versions numerically ("1.9" < "1.15"). */
export function versionAtLeast(have: string, want: string): boolean {
  const a = have.split(".").map(Number);
  const b = want.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
