/**
 * A `Mailbox` double for component and hook tests: holds a message in memory, records every
 * `setRecipients`, and fires the recipients-changed listeners as Outlook does, both when the person
 * edits the recipients (`editRecipients`) and after the add-in changed them.
 */
import { createGuardError } from "../../src/core/errors";
import type { Fix } from "../../src/core/evaluate";
import { applyFix } from "../../src/core/evaluate";
import type { MessageSnapshot } from "../../src/core/types";
import type { Mailbox, MailboxVersion } from "../../src/office/Mailbox";
import { message } from "../fixtures/builders";

export interface FakeMailboxOptions {
  snapshot?: MessageSnapshot;
  /** @default "en-US" */
  displayLanguage?: string;
  /** Fire the listeners after `setRecipients`, as Outlook's RecipientsChanged does. @default true */
  notifyOnSet?: boolean;
}

const copy = (snapshot: MessageSnapshot): MessageSnapshot => JSON.parse(JSON.stringify(snapshot)) as MessageSnapshot;

export class FakeMailbox implements Mailbox {
  snapshot: MessageSnapshot;
  readonly displayLanguage: string;
  readonly notifyOnSet: boolean;
  /** Every `set` passed to `setRecipients`, in order. */
  readonly setRecipientsCalls: Fix["set"][] = [];
  readSnapshotCalls = 0;
  /** The next `readSnapshot` / `setRecipients` rejects with `office_call_failed`. */
  failNextRead = false;
  failNextSet = false;
  private readonly listeners = new Set<() => void>();
  private readonly session = new Map<string, string>();

  constructor(options: FakeMailboxOptions = {}) {
    this.snapshot = copy(options.snapshot ?? message());
    this.displayLanguage = options.displayLanguage ?? "en-US";
    this.notifyOnSet = options.notifyOnSet ?? true;
  }

  readSnapshot(): Promise<MessageSnapshot> {
    this.readSnapshotCalls += 1;
    if (this.failNextRead) {
      this.failNextRead = false;
      return Promise.reject(createGuardError("office_call_failed", { message: "getAsync failed" }));
    }
    return Promise.resolve(copy(this.snapshot));
  }

  setRecipients(set: Fix["set"]): Promise<void> {
    this.setRecipientsCalls.push(set);
    if (this.failNextSet) {
      this.failNextSet = false;
      return Promise.reject(createGuardError("office_call_failed", { message: "setAsync failed" }));
    }
    this.snapshot = applyFix(this.snapshot, { set: JSON.parse(JSON.stringify(set)) as Fix["set"] });
    if (this.notifyOnSet) this.emitRecipientsChanged();
    return Promise.resolve();
  }

  getSessionData(key: string): Promise<string | undefined> {
    return Promise.resolve(this.session.get(key));
  }

  setSessionData(key: string, value: string): Promise<void> {
    this.session.set(key, value);
    return Promise.resolve();
  }

  supports(_version: MailboxVersion): boolean {
    return true;
  }

  onRecipientsChanged(listener: () => void): Promise<() => void> {
    this.listeners.add(listener);
    return Promise.resolve(() => {
      this.listeners.delete(listener);
    });
  }

  /** The person changes To, Cc or Bcc in the compose window. */
  editRecipients(change: Partial<Pick<MessageSnapshot, "to" | "cc" | "bcc">>): void {
    this.snapshot = { ...this.snapshot, ...copy({ ...this.snapshot, ...change }) };
    this.emitRecipientsChanged();
  }

  emitRecipientsChanged(): void {
    for (const listener of [...this.listeners]) listener();
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
