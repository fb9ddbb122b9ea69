import type { Fix } from "../core/evaluate";
import type { MessageSnapshot } from "../core/types";

/** Mailbox requirement-set versions whose features the add-in detects at run time (see requirements.ts). */
export type MailboxVersion = "1.12" | "1.13" | "1.14" | "1.15" | "1.16";

/**
 * The port through which the add-in reads and changes the message being composed.
 * Adapter: OfficeMailbox (Office.js). Test doubles and the simulator implement it too.
 * Every method rejects with a GuardError (`office_call_failed`) when Office reports a failure,
 * unless its own comment says otherwise.
 */
export interface Mailbox {
  /**
   * Reads To, Cc, Bcc, the sender, the compose type (corrected for replies) and, where it is already
   * known without a network request, the original sender (see `findOriginalSender`).
   * `truncatedFields` names the fields that held as many recipients as the client can return.
   */
  readSnapshot(): Promise<MessageSnapshot>;
  /**
   * Replaces the fields the fix names, keeping display names; fields it does not name are untouched.
   * Writes in calls of at most 100 recipients (Office's limit per `setAsync` / `addAsync`).
   */
  setRecipients(set: Fix["set"]): Promise<void>;
  /**
   * `item.sessionData` (Mailbox 1.11): shared between the events and the task pane of one item.
   * Resolves `undefined` for a key that holds nothing. The whole store is limited to 50,000
   * characters per add-in on clients up to Mailbox 1.15.
   */
  getSessionData(key: string): Promise<string | undefined>;
  setSessionData(key: string, value: string): Promise<void>;
  /** `Office.context.displayLanguage`, e.g. "en-GB". */
  readonly displayLanguage: string;
  /** Whether the client supports the Mailbox requirement set `version`. */
  supports(version: MailboxVersion): boolean;
  /** Calls `listener` when To, Cc or Bcc change (task pane only); returns a function that stops it. */
  onRecipientsChanged(listener: () => void): Promise<() => void>;
  /**
   * For a reply: the address of whoever wrote the message being answered, looked up in the
   * mailbox (one Microsoft Graph request the first time; remembered afterwards). `undefined` for
   * messages that are not replies, or when it cannot be learned in time. Never rejects.
   * Optional: doubles without a directory leave it out.
   */
  findOriginalSender?(options?: { signal?: AbortSignal }): Promise<string | undefined>;
  /**
   * The `contextData` string a Smart Alerts dialog passed when it opened the task pane
   * (`item.getInitializationContextAsync`, Mailbox 1.8); `undefined` when there is none.
   * The launch event passes `JSON.stringify(verdictToJson(verdict))`.
   */
  readInitializationContext?(): Promise<string | undefined>;
}
