import type {
  OfficeApi,
  OfficeAsyncResult,
  OfficeCallback,
  OfficeComposeItem,
  OfficeEmailAddressDetails,
  OfficeEmailUser,
  OfficeRecipients,
} from "../../src/office/OfficeApi";

/**
 * A typed double of the Office.js subset in src/office/OfficeApi.ts: an in-memory compose item that
 * records every call. Callbacks are answered on a microtask, as Office answers asynchronously.
 */

export type Field = "to" | "cc" | "bcc";

export interface RecordedCall {
  /** e.g. "to.setAsync", "sessionData.getAsync". */
  method: string;
  /** Recipients passed to setAsync / addAsync. */
  recipients?: OfficeEmailUser[];
  key?: string;
}

export interface FakeOfficeOptions {
  to?: OfficeEmailAddressDetails[];
  cc?: OfficeEmailAddressDetails[];
  bcc?: OfficeEmailAddressDetails[];
  /** `item.from`; `undefined` leaves `from` out of the item. */
  from?: string;
  userProfile?: string;
  /** What getComposeTypeAsync reports; `undefined` leaves the method out. */
  composeType?: string;
  inReplyTo?: string | null;
  displayLanguage?: string;
  /** Mailbox versions supported, e.g. ["1.12", "1.13", "1.14"]. */
  mailbox?: string[];
  nestedAppAuth?: boolean;
  /** Methods (as in RecordedCall.method) that report Failed. */
  failing?: string[];
  initializationContext?: string;
  /** Leave `sessionData` out (Mailbox < 1.11). */
  noSessionData?: boolean;
}

export interface FakeOffice {
  office: OfficeApi;
  item: OfficeComposeItem;
  calls: RecordedCall[];
  /** The recipients now in each field, as Office would hold them. */
  fields: Record<Field, OfficeEmailAddressDetails[]>;
  session: Map<string, string>;
  /** Raises RecipientsChanged on the registered handler, if any. */
  fireRecipientsChanged(): void;
  handlerRegistered(): boolean;
}

const SUCCEEDED = "succeeded";
const FAILED = "failed";

/** Every Mailbox version up to and including `version`. */
export function mailboxUpTo(version: "1.12" | "1.13" | "1.14" | "1.15" | "1.16"): string[] {
  const all = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12", "1.13", "1.14", "1.15", "1.16"];
  return all.slice(0, all.indexOf(version) + 1);
}

export function details(emailAddress: string, displayName = "", recipientType = "user"): OfficeEmailAddressDetails {
  return { emailAddress, displayName, recipientType };
}

export function createFakeOffice(options: FakeOfficeOptions = {}): FakeOffice {
  const calls: RecordedCall[] = [];
  const failing = new Set(options.failing ?? []);
  const fields: Record<Field, OfficeEmailAddressDetails[]> = {
    to: options.to?.slice() ?? [],
    cc: options.cc?.slice() ?? [],
    bcc: options.bcc?.slice() ?? [],
  };
  const session = new Map<string, string>();
  let recipientsHandler: ((args?: unknown) => void) | undefined;

  const answer = <T>(method: string, callback: OfficeCallback<T> | undefined, value: () => T): void => {
    const failed = failing.has(method);
    const result: OfficeAsyncResult<T> = failed
      ? { status: FAILED, value: undefined as T, error: { name: "GenericResponseError", message: "fake failure", code: 9020 } }
      : { status: SUCCEEDED, value: value() };
    queueMicrotask(() => callback?.(result));
  };

  const recipients = (field: Field): OfficeRecipients => ({
    getAsync(callback) {
      calls.push({ method: `${field}.getAsync` });
      answer(`${field}.getAsync`, callback, () => fields[field].map((d) => ({ ...d })));
    },
    setAsync(list, callback) {
      calls.push({ method: `${field}.setAsync`, recipients: list.map((r) => ({ ...r })) });
      if (list.length > 100) throw new Error("setAsync takes at most 100 recipients");
      answer(`${field}.setAsync`, callback, () => {
        fields[field] = list.map((r) => details(r.emailAddress, r.displayName));
      });
    },
    addAsync(list, callback) {
      calls.push({ method: `${field}.addAsync`, recipients: list.map((r) => ({ ...r })) });
      if (list.length > 100) throw new Error("addAsync takes at most 100 recipients");
      answer(`${field}.addAsync`, callback, () => {
        fields[field] = [...fields[field], ...list.map((r) => details(r.emailAddress, r.displayName))];
      });
    },
  });

  const item: OfficeComposeItem = {
    to: recipients("to"),
    cc: recipients("cc"),
    bcc: recipients("bcc"),
    inReplyTo: options.inReplyTo,
    addHandlerAsync(eventType, handler, callback) {
      calls.push({ method: "addHandlerAsync" });
      answer("addHandlerAsync", callback, () => {
        if (eventType === "olkRecipientsChanged") recipientsHandler = handler;
      });
    },
    removeHandlerAsync(eventType, callback) {
      calls.push({ method: "removeHandlerAsync" });
      answer("removeHandlerAsync", callback, () => {
        if (eventType === "olkRecipientsChanged") recipientsHandler = undefined;
      });
    },
    getInitializationContextAsync(callback) {
      calls.push({ method: "getInitializationContextAsync" });
      answer("getInitializationContextAsync", callback, () => options.initializationContext ?? "");
    },
  };
  if (options.from !== undefined) {
    const from = options.from;
    item.from = {
      getAsync(callback) {
        calls.push({ method: "from.getAsync" });
        answer("from.getAsync", callback, () => details(from));
      },
    };
  }
  if (options.composeType !== undefined) {
    const composeType = options.composeType;
    item.getComposeTypeAsync = (callback) => {
      calls.push({ method: "getComposeTypeAsync" });
      answer("getComposeTypeAsync", callback, () => ({ composeType, coercionType: "html" }));
    };
  }
  if (!options.noSessionData) {
    item.sessionData = {
      getAsync(key, callback) {
        calls.push({ method: "sessionData.getAsync", key });
        answer("sessionData.getAsync", callback, () => session.get(key) ?? "");
      },
      setAsync(key, value, callback) {
        calls.push({ method: "sessionData.setAsync", key });
        answer("sessionData.setAsync", callback, () => {
          session.set(key, value);
        });
      },
    };
  }

  const mailbox = new Set(options.mailbox ?? mailboxUpTo("1.14"));
  const office: OfficeApi = {
    context: {
      displayLanguage: options.displayLanguage ?? "en-GB",
      requirements: {
        isSetSupported: (name, version) => {
          if (name === "Mailbox") return version === undefined || mailbox.has(version);
          if (name === "NestedAppAuth") return options.nestedAppAuth === true;
          return false;
        },
      },
      mailbox: { userProfile: { emailAddress: options.userProfile ?? "megan@contoso.com" }, item },
    },
    AsyncResultStatus: { Succeeded: SUCCEEDED, Failed: FAILED },
    EventType: { RecipientsChanged: "olkRecipientsChanged" },
    MailboxEnums: { SendModeOverride: { PromptUser: "promptUser" } },
  };

  return {
    office,
    item,
    calls,
    fields,
    session,
    fireRecipientsChanged: () => recipientsHandler?.({ type: "olkRecipientsChanged" }),
    handlerRegistered: () => recipientsHandler !== undefined,
  };
}
