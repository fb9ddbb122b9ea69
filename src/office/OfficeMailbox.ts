import { createGuardError } from "../core/errors";
import type { Fix } from "../core/evaluate";
import type { ComposeType, MessageSnapshot, RecipientField, RecipientInput, RecipientType } from "../core/types";
import { RECIPIENT_FIELDS } from "../core/types";
import type { Mailbox, MailboxVersion } from "./Mailbox";
import type { OfficeApi, OfficeComposeItem, OfficeEmailAddressDetails, OfficeEmailUser } from "./OfficeApi";
import type { OriginalSenderLookup } from "./OriginalSenderLookup";
import { officeCall } from "./officeCall";
import { MAX_RECIPIENTS_PER_WRITE, mailboxSupport, maxRecipientsPerRead, officePlatform, type MailboxSupport } from "./requirements";

export interface OfficeMailboxOptions {
  /** The `Office` global (or a double with the same members; see OfficeApi.ts). */
  office: OfficeApi;
  /** Finds who wrote the message a reply answers; without it `findOriginalSender` resolves `undefined`. */
  originalSenderLookup?: OriginalSenderLookup;
}

const RECIPIENT_TYPES: ReadonlySet<string> = new Set<RecipientType>(["user", "distributionList", "externalUser", "other"]);

/**
 * The Mailbox on Office.js. Reads `Office.context.mailbox.item` at every call (never caches it), so
 * one instance serves every event of a long-lived runtime.
 */
export class OfficeMailbox implements Mailbox {
  private readonly office: OfficeApi;
  private readonly lookup: OriginalSenderLookup | undefined;
  private readonly support: MailboxSupport;
  /** The lookup for an `inReplyTo` id, kept so that later snapshots carry its answer for free. */
  private originalSender: { inReplyTo: string; sender: Promise<string | undefined>; found?: string } | undefined;

  constructor(options: OfficeMailboxOptions) {
    this.office = options.office;
    this.lookup = options.originalSenderLookup;
    this.support = mailboxSupport(options.office);
  }

  /** Never throws: the failure answer reads it too, whatever else is broken. */
  get displayLanguage(): string {
    try {
      return this.office.context.displayLanguage || "en-US";
    } catch {
      return "en-US";
    }
  }

  supports(version: MailboxVersion): boolean {
    return this.support(version);
  }

  /** @throws GuardError `office_call_failed` when no compose item is available. */
  private item(): OfficeComposeItem {
    const item = this.office.context.mailbox.item;
    if (!item) throw createGuardError("office_call_failed", { message: "No compose item.", details: { operation: "mailbox.item" } });
    return item;
  }

  /**
   * Rejects with `office_call_failed` when a recipient field cannot be read. The sender falls back
   * to `userProfile.emailAddress` and the compose type to the `inReplyTo` test when their calls fail:
   * neither is worth failing a check for.
   */
  async readSnapshot(): Promise<MessageSnapshot> {
    const item = this.item();
    const [to, cc, bcc, from, reported] = await Promise.all([
      this.readField(item, "to"),
      this.readField(item, "cc"),
      this.readField(item, "bcc"),
      this.readFrom(item),
      this.readComposeType(item),
    ]);
    // A field holding as many as this client returns may hold more: the rest is unknown, not absent.
    const limit = maxRecipientsPerRead(this.support, officePlatform(this.office));
    const truncatedFields = RECIPIENT_FIELDS.filter((field) => ({ to, cc, bcc })[field].length >= limit);
    const inReplyTo = inReplyToOf(item);
    const snapshot: MessageSnapshot = { composeType: correctComposeType(reported, inReplyTo), from, to, cc, bcc };
    if (truncatedFields.length > 0) snapshot.truncatedFields = truncatedFields;
    const originalSender = this.knownOriginalSender(inReplyTo);
    if (originalSender !== undefined) snapshot.originalSender = originalSender;
    return snapshot;
  }

  private async readField(item: OfficeComposeItem, field: RecipientField): Promise<RecipientInput[]> {
    const details = await officeCall<OfficeEmailAddressDetails[] | null>(this.office, `${field}.getAsync`, (done) => item[field].getAsync(done));
    return (details ?? []).map(toRecipientInput);
  }

  private async readFrom(item: OfficeComposeItem): Promise<string> {
    const fallback = this.office.context.mailbox.userProfile.emailAddress;
    const from = item.from;
    if (!from) return fallback;
    try {
      const details = await officeCall<OfficeEmailAddressDetails | null>(this.office, "from.getAsync", (done) => from.getAsync(done));
      return details?.emailAddress || fallback;
    } catch {
      return fallback;
    }
  }

  private async readComposeType(item: OfficeComposeItem): Promise<string | undefined> {
    const getComposeType = item.getComposeTypeAsync?.bind(item);
    if (!getComposeType) return undefined;
    try {
      const value = await officeCall<{ composeType?: string } | null>(this.office, "getComposeTypeAsync", (done) => getComposeType(done));
      return value?.composeType;
    } catch {
      return undefined;
    }
  }

  /** The original sender if a lookup for this reply has already answered (no waiting on the network). */
  private knownOriginalSender(inReplyTo: string | undefined): string | undefined {
    const known = this.originalSender;
    return known && inReplyTo !== undefined && known.inReplyTo === inReplyTo ? known.found : undefined;
  }

  findOriginalSender(options: { signal?: AbortSignal } = {}): Promise<string | undefined> {
    const lookup = this.lookup;
    const item = this.office.context.mailbox.item;
    const inReplyTo = item ? inReplyToOf(item) : undefined;
    if (!lookup || inReplyTo === undefined) return Promise.resolve(undefined);
    const known = this.originalSender;
    if (known && known.inReplyTo === inReplyTo) return known.sender;
    const entry: { inReplyTo: string; sender: Promise<string | undefined>; found?: string } = {
      inReplyTo,
      sender: lookup.find(inReplyTo, options).then(
        (found) => {
          if (found !== undefined) entry.found = found;
          // A failed or cancelled lookup is not remembered, so a later call may try again.
          else if (this.originalSender === entry) this.originalSender = undefined;
          return found;
        },
        () => {
          if (this.originalSender === entry) this.originalSender = undefined;
          return undefined;
        },
      ),
    };
    this.originalSender = entry;
    return entry.sender;
  }

  /**
   * Writes each field the fix names: the first 100 recipients with `setAsync` (which replaces the
   * field; an empty list clears it), the rest with `addAsync`, 100 at a time, in order.
   * Rejects with `office_call_failed` (details: `field`, `written`) at the first failing call; fields
   * written before it stay written.
   */
  async setRecipients(set: Fix["set"]): Promise<void> {
    const item = this.item();
    for (const field of RECIPIENT_FIELDS) {
      const recipients = set[field];
      if (recipients === undefined) continue;
      const users = recipients.map(toEmailUser);
      const target = item[field];
      let written = 0;
      try {
        const first = users.slice(0, MAX_RECIPIENTS_PER_WRITE);
        await officeCall<void>(this.office, `${field}.setAsync`, (done) => target.setAsync(first, done));
        written = first.length;
        while (written < users.length) {
          const next = users.slice(written, written + MAX_RECIPIENTS_PER_WRITE);
          await officeCall<void>(this.office, `${field}.addAsync`, (done) => target.addAsync(next, done));
          written += next.length;
        }
      } catch (error) {
        throw createGuardError("office_call_failed", { message: `Writing ${field} stopped after ${written} recipients.`, details: { field, written }, cause: error });
      }
    }
  }

  /** Resolves `undefined` for an empty value. Rejects with `office_call_failed` without sessionData (Mailbox < 1.11) or on failure. */
  async getSessionData(key: string): Promise<string | undefined> {
    const sessionData = this.sessionData();
    const value = await officeCall<string | null | undefined>(this.office, "sessionData.getAsync", (done) => sessionData.getAsync(key, done));
    return typeof value === "string" && value !== "" ? value : undefined;
  }

  async setSessionData(key: string, value: string): Promise<void> {
    const sessionData = this.sessionData();
    await officeCall<void>(this.office, "sessionData.setAsync", (done) => sessionData.setAsync(key, value, done));
  }

  private sessionData(): NonNullable<OfficeComposeItem["sessionData"]> {
    const sessionData = this.item().sessionData;
    if (!sessionData) throw createGuardError("office_call_failed", { message: "sessionData is not available.", details: { operation: "sessionData" } });
    return sessionData;
  }

  /**
   * Registers `listener` for `Office.EventType.RecipientsChanged`. The returned function removes
   * the add-in's handler for that event type (Office removes by event type, not by function).
   */
  async onRecipientsChanged(listener: () => void): Promise<() => void> {
    const item = this.item();
    const eventType = this.office.EventType.RecipientsChanged;
    await officeCall<void>(this.office, "addHandlerAsync", (done) => item.addHandlerAsync(eventType, () => listener(), done));
    return () => {
      try {
        item.removeHandlerAsync(eventType, () => undefined);
      } catch {
        // Nothing to undo: the item is gone (the compose window closed).
      }
    };
  }

  /** The Smart Alerts `contextData` passed to the task pane; `undefined` when there is none or the client lacks the method. */
  async readInitializationContext(): Promise<string | undefined> {
    const item = this.item();
    const get = item.getInitializationContextAsync?.bind(item);
    if (!get) return undefined;
    const value = await officeCall<string | null | undefined>(this.office, "getInitializationContextAsync", (done) => get(done));
    return typeof value === "string" && value !== "" ? value : undefined;
  }
}

function inReplyToOf(item: OfficeComposeItem): string | undefined {
  const value = item.inReplyTo;
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * Office's `ComposeType` ("newMail", "reply", "forward") as the core's. `getComposeTypeAsync`
 * reports some replies as "newMail" (OfficeDev/office-js#6652, #6739), so a message with a non-empty
 * `inReplyTo` (Mailbox 1.14) is a reply whatever it says. Reply and reply-all cannot be told apart.
 */
export function correctComposeType(reported: string | undefined, inReplyTo: string | undefined): ComposeType {
  const type: ComposeType = reported === "reply" ? "reply" : reported === "forward" ? "forward" : "new";
  return type === "new" && inReplyTo !== undefined ? "reply" : type;
}

function toRecipientInput(details: OfficeEmailAddressDetails): RecipientInput {
  const input: RecipientInput = { emailAddress: details.emailAddress ?? "" };
  if (details.displayName) input.displayName = details.displayName;
  if (details.recipientType && RECIPIENT_TYPES.has(details.recipientType)) input.recipientType = details.recipientType as RecipientType;
  return input;
}

/** Office wants a display name with every `EmailUser`; the address stands in when there is none. */
function toEmailUser(recipient: RecipientInput): OfficeEmailUser {
  return { emailAddress: recipient.emailAddress, displayName: recipient.displayName || recipient.emailAddress };
}
