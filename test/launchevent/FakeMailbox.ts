import type { Fix } from "../../src/core/evaluate";
import type { MessageSnapshot } from "../../src/core/types";
import type { Mailbox, MailboxVersion } from "../../src/office/Mailbox";

const VERSIONS: readonly MailboxVersion[] = ["1.12", "1.13", "1.14", "1.15", "1.16"];

export interface FakeMailboxOptions {
  message?: Partial<MessageSnapshot>;
  /** The newest Mailbox requirement set the simulated client supports. @default "1.14" */
  client?: MailboxVersion;
  displayLanguage?: string;
  /** What findOriginalSender answers; leave undefined to leave the method out. */
  originalSender?: string;
}

/**
 * A typed double of the Mailbox port: the message is plain data the test changes, sessionData is a
 * Map, and every call is recorded. Failure switches make a method reject (or hang) on purpose.
 */
export class FakeMailbox implements Mailbox {
  message: MessageSnapshot;
  displayLanguage: string;
  client: MailboxVersion;
  readonly session = new Map<string, string>();
  readonly calls: string[] = [];
  /** Set to make readSnapshot reject with this error, throw it synchronously, or never answer. */
  readSnapshotFails?: { error: Error; how: "reject" | "throw" } | "hang";
  /** Make sessionData calls reject. */
  sessionFails: { get?: boolean; set?: boolean } = {};
  findOriginalSender?: (options?: { signal?: AbortSignal }) => Promise<string | undefined>;

  constructor(options: FakeMailboxOptions = {}) {
    this.message = { composeType: "new", from: "megan@contoso.com", to: [], cc: [], bcc: [], ...options.message };
    this.displayLanguage = options.displayLanguage ?? "en-US";
    this.client = options.client ?? "1.14";
    if (options.originalSender !== undefined) {
      const answer = options.originalSender;
      this.findOriginalSender = () => {
        this.calls.push("findOriginalSender");
        return Promise.resolve(answer);
      };
    }
  }

  readSnapshot(): Promise<MessageSnapshot> {
    this.calls.push("readSnapshot");
    const failure = this.readSnapshotFails;
    if (failure === "hang") return new Promise(() => undefined);
    if (failure?.how === "throw") throw failure.error;
    if (failure?.how === "reject") return Promise.reject(failure.error);
    return Promise.resolve(structuredClone(this.message));
  }

  setRecipients(set: Fix["set"]): Promise<void> {
    this.calls.push("setRecipients");
    this.message = { ...this.message, ...structuredClone(set) };
    return Promise.resolve();
  }

  getSessionData(key: string): Promise<string | undefined> {
    this.calls.push(`getSessionData:${key}`);
    if (this.sessionFails.get) return Promise.reject(new Error("sessionData unavailable"));
    return Promise.resolve(this.session.get(key));
  }

  setSessionData(key: string, value: string): Promise<void> {
    this.calls.push(`setSessionData:${key}`);
    if (this.sessionFails.set) return Promise.reject(new Error("sessionData unavailable"));
    this.session.set(key, value);
    return Promise.resolve();
  }

  supports(version: MailboxVersion): boolean {
    return VERSIONS.indexOf(version) <= VERSIONS.indexOf(this.client);
  }

  onRecipientsChanged(): Promise<() => void> {
    return Promise.resolve(() => undefined);
  }
}
