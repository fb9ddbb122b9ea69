/**
 * The subset of Office.js that the add-in uses, as structural types. Every adapter in this folder
 * takes an `OfficeApi` instead of reading the `Office` global, so tests and the simulator can pass
 * a double; the entry modules pass the real global once (`const office: OfficeApi = Office`, a
 * compile-time check that this subset matches @types/office-js).
 *
 * Keep this file and README.md ("Office.js members used") in step: the simulator implements exactly
 * what is listed here.
 */

/** `Office.AsyncResult<T>`: only the members read here. */
export interface OfficeAsyncResult<T> {
  status: unknown;
  value: T;
  error?: { name?: string; message?: string; code?: number } | null;
}

/** A callback of an Office `…Async` method. */
export type OfficeCallback<T> = (result: OfficeAsyncResult<T>) => void;

/** `Office.EmailAddressDetails` as `getAsync` returns it. */
export interface OfficeEmailAddressDetails {
  emailAddress: string;
  displayName?: string;
  recipientType?: string;
}

/** `Office.EmailUser`: what `setAsync` / `addAsync` are given here (display names kept). */
export interface OfficeEmailUser {
  emailAddress: string;
  displayName: string;
}

/** `item.to` / `item.cc` / `item.bcc` in compose mode (`Office.Recipients`). */
export interface OfficeRecipients {
  getAsync(callback: OfficeCallback<OfficeEmailAddressDetails[]>): void;
  setAsync(recipients: OfficeEmailUser[], callback: OfficeCallback<void>): void;
  addAsync(recipients: OfficeEmailUser[], callback?: OfficeCallback<void>): void;
}

/** `item.sessionData` (Mailbox 1.11). */
export interface OfficeSessionData {
  getAsync(name: string, callback: OfficeCallback<string>): void;
  setAsync(name: string, value: string, callback: OfficeCallback<void>): void;
}

/** The message being composed (`Office.MessageCompose`), members used here only. */
export interface OfficeComposeItem {
  to: OfficeRecipients;
  cc: OfficeRecipients;
  bcc: OfficeRecipients;
  /** Mailbox 1.7. */
  from?: { getAsync(callback: OfficeCallback<OfficeEmailAddressDetails>): void };
  /** Mailbox 1.10: `{ composeType: "newMail" | "reply" | "forward", coercionType }`. */
  getComposeTypeAsync?(callback: OfficeCallback<{ composeType?: string }>): void;
  /** Mailbox 1.14: the Internet message id of the message being answered; empty or absent otherwise. */
  inReplyTo?: string | null;
  /** Mailbox 1.11. */
  sessionData?: OfficeSessionData;
  /** Mailbox 1.8: the data a Smart Alerts `contextData` (or an actionable message) passed to the task pane. */
  getInitializationContextAsync?(callback: OfficeCallback<string>): void;
  /** `eventType` is a member of `OfficeApi.EventType`. */
  addHandlerAsync(eventType: unknown, handler: (args?: unknown) => void, callback?: OfficeCallback<void>): void;
  removeHandlerAsync(eventType: unknown, callback?: OfficeCallback<void>): void;
}

/** The `Office` global, members used here only. */
export interface OfficeApi {
  context: {
    /** The UI language, e.g. "en-GB". */
    displayLanguage: string;
    requirements: { isSetSupported(name: string, minVersion?: string): boolean };
    /** `Office.PlatformType`: "PC" (classic Windows), "OfficeOnline" (the web and new Outlook on Windows), "Mac", … */
    diagnostics?: { platform?: unknown };
    mailbox: {
      userProfile: { emailAddress: string };
      /** The item of the current compose window; absent outside an item context. */
      item?: OfficeComposeItem | null;
    };
  };
  AsyncResultStatus: { Succeeded: unknown; Failed: unknown };
  EventType: { RecipientsChanged: unknown };
  /** Optional here: an Office.js without the enum must not stop the add-in from starting (the value is "promptUser"). */
  MailboxEnums?: { SendModeOverride?: { PromptUser: string } };
}

/** `Office.actions`: registers the launch-event handlers named in the manifest. */
export interface OfficeActions {
  actions: { associate(actionId: string, actionFunction: (arg?: unknown) => void): void };
}
