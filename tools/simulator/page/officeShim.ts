/// <reference types="office-js" />
/**
 * The `Office` object the simulator gives the add-in's pages instead of Microsoft's office.js
 * (the simulator rewrites the pages' `<script src="https://appsforoffice.microsoft.com/…/office.js">`
 * to this file). It implements the subset of Office.js that src/office/README.md lists, typed
 * against @types/office-js, and behaves like Outlook on the web where the add-in could notice:
 * callbacks run asynchronously, `setAsync`/`addAsync` refuse more than 100 recipients per call,
 * `getAsync` returns at most 1,000 per field, `sessionData` has its size limit, requirement sets
 * are answered for the client the simulator plays. It also provides `window.nestedAppAuthBridge`,
 * the host side of nested app authentication that MSAL's `createNestablePublicClientApplication`
 * talks to (see naaBridge.ts).
 *
 * The compose page (the "host") owns the message; this file only forwards to it (hostApi.ts).
 */
import { installGraphBridge } from "./graphBridge";
import { installNaaBridge } from "./naaBridge";
import type { ClientInfo, Field, HostResult, OutlookHost, RecipientDetails, RecipientRequest, ShimPort, Surface } from "./hostApi";
import { HOST_GLOBAL, SHIM_GLOBAL, versionAtLeast } from "./hostApi";

/** Most recipients one `setAsync` / `addAsync` call may carry (office.recipients.yml). */
const MAX_RECIPIENTS_PER_CALL = 100;

/** Office.js's runtime values (the .d.ts declares these enums without values). */
const ASYNC_STATUS = { Succeeded: "succeeded", Failed: "failed" } as const;
const EVENT_TYPE = {
  RecipientsChanged: "olkRecipientsChanged",
  InitializationContextChanged: "olkInitializationContextChanged",
  ItemChanged: "olkItemSelectedChanged",
  AttachmentsChanged: "olkAttachmentsChanged",
  AppointmentTimeChanged: "olkAppointmentTimeChanged",
  RecurrenceChanged: "olkRecurrenceChanged",
  EnhancedLocationsChanged: "olkEnhancedLocationsChanged",
  SensitivityLabelChanged: "olkSensitivityLabelChanged",
  OfficeThemeChanged: "officeThemeChanged",
} as const;

type Callback<T> = (result: Office.AsyncResult<T>) => void;

function hostOf(): { host: OutlookHost; surface: Surface } {
  const frame = window.frameElement as HTMLIFrameElement | null;
  const parentWindow = window.parent as unknown as Record<string, unknown>;
  const host = parentWindow[HOST_GLOBAL] as OutlookHost | undefined;
  const surface = frame?.dataset["surface"];
  if (!host || (surface !== "taskpane" && surface !== "launchevent")) {
    throw new Error("Office shim: this page must run inside the Audience Guard simulator (open http://localhost:3000/).");
  }
  return { host, surface };
}

const { host, surface } = hostOf();
const client = JSON.parse(host.client()) as ClientInfo;

function reportMisuse(message: string): void {
  host.reportAddinError(surface, message);
}

/** Splits Office's optional-argument convention `(…required, options?, callback?)`. */
function splitArgs(args: readonly unknown[], required: number): { params: unknown[]; asyncContext: unknown; callback: Callback<unknown> | undefined } {
  const params = args.slice(0, required);
  const rest = args.slice(required);
  let asyncContext: unknown;
  let callback: Callback<unknown> | undefined;
  for (const arg of rest) {
    if (typeof arg === "function") callback = arg as Callback<unknown>;
    else if (typeof arg === "object" && arg !== null && "asyncContext" in arg) asyncContext = (arg).asyncContext;
  }
  return { params, asyncContext, callback };
}

/** Calls back on a later task, as Office.js does. */
function answer(callback: Callback<unknown> | undefined, asyncContext: unknown, outcome: HostResult | { ok: true; value: unknown }): void {
  if (!callback) return;
  const result = outcome.ok
    ? {
        status: ASYNC_STATUS.Succeeded,
        value: "valueJson" in outcome ? (JSON.parse(outcome.valueJson) as unknown) : outcome.value,
        asyncContext,
        error: undefined,
        diagnostics: undefined,
      }
    : {
        status: ASYNC_STATUS.Failed,
        value: undefined,
        asyncContext,
        error: { name: outcome.name, message: outcome.message, code: outcome.code },
        diagnostics: undefined,
      };
  setTimeout(() => callback(result as unknown as Office.AsyncResult<unknown>), 0);
}

function succeed(value: unknown): { ok: true; value: unknown } {
  return { ok: true, value };
}

function recipientsFor(field: Field): Office.Recipients {
  const getAsync = (...args: unknown[]): void => {
    const { asyncContext, callback } = splitArgs(args, 0);
    const all = JSON.parse(host.getRecipients(field)) as RecipientDetails[];
    answer(callback, asyncContext, succeed(all.slice(0, client.getLimit)));
  };
  const change =
    (mode: "set" | "add") =>
    (...args: unknown[]): void => {
      const { params, asyncContext, callback } = splitArgs(args, 1);
      const input = params[0];
      if (!Array.isArray(input)) {
        reportMisuse(`item.${field}.${mode}Async: recipients must be an array`);
        answer(callback, asyncContext, { ok: false, name: "InvalidParameterValue", message: "The recipients parameter must be an array.", code: 9000 });
        return;
      }
      if (input.length > MAX_RECIPIENTS_PER_CALL) {
        reportMisuse(`item.${field}.${mode}Async was given ${input.length} recipients; Outlook accepts at most ${MAX_RECIPIENTS_PER_CALL} per call`);
        // The name and message are Outlook's (office.recipients.yml); Office does not publish a number for it.
        answer(callback, asyncContext, { ok: false, name: "NumberOfRecipientsExceeded", message: "The number of recipients exceeded 100 entries.", code: 9000 });
        return;
      }
      const requests: RecipientRequest[] = [];
      for (const entry of input as unknown[]) {
        if (typeof entry === "string") requests.push({ emailAddress: entry });
        else if (typeof entry === "object" && entry !== null && typeof (entry as { emailAddress?: unknown }).emailAddress === "string") {
          const e = entry as { emailAddress: string; displayName?: unknown };
          requests.push({ emailAddress: e.emailAddress, ...(typeof e.displayName === "string" && e.displayName ? { displayName: e.displayName } : {}) });
        } else {
          reportMisuse(`item.${field}.${mode}Async: each recipient must be a string or an object with emailAddress`);
          answer(callback, asyncContext, { ok: false, name: "InvalidParameterValue", message: "A recipient is not valid.", code: 9000 });
          return;
        }
      }
      answer(callback, asyncContext, host.changeRecipients(surface, field, mode, JSON.stringify(requests)));
    };
  return { getAsync, setAsync: change("set"), addAsync: change("add") };
}

function itemFacts(): { composeType: string; inReplyTo: string | null; conversationId: string | null; subject: string } {
  return JSON.parse(host.getItemFacts()) as { composeType: string; inReplyTo: string | null; conversationId: string | null; subject: string };
}

function sessionOp(op: "get" | "set" | "getAll" | "remove" | "clear", required: number) {
  return (...args: unknown[]): void => {
    const { params, asyncContext, callback } = splitArgs(args, required);
    const key = params[0];
    const value = params[1];
    if (required >= 1 && typeof key !== "string") {
      reportMisuse(`item.sessionData.${op}Async: the name must be a string`);
      answer(callback, asyncContext, { ok: false, name: "InvalidParameterValue", message: "The name must be a string.", code: 9000 });
      return;
    }
    if (required >= 2 && typeof value !== "string") {
      reportMisuse(`item.sessionData.${op}Async: the value must be a string`);
      answer(callback, asyncContext, { ok: false, name: "InvalidParameterValue", message: "The value must be a string.", code: 9000 });
      return;
    }
    answer(callback, asyncContext, host.sessionData(op, typeof key === "string" ? key : "", typeof value === "string" ? value : ""));
  };
}

const sessionData = {
  getAsync: sessionOp("get", 1),
  setAsync: sessionOp("set", 2),
  getAllAsync: sessionOp("getAll", 0),
  removeAsync: sessionOp("remove", 1),
  clearAsync: sessionOp("clear", 0),
} as unknown as Office.SessionData;

/** Handlers the add-in registered on the item, per event type, called in registration order. */
const itemHandlers = new Map<string, ((args: unknown) => void)[]>();

function addHandlerAsync(...args: unknown[]): void {
  const { params, asyncContext, callback } = splitArgs(args, 2);
  const [eventType, handler] = params;
  if (typeof eventType !== "string" || typeof handler !== "function") {
    reportMisuse("item.addHandlerAsync needs an event type and a handler function");
    answer(callback, asyncContext, { ok: false, name: "InvalidParameterValue", message: "Invalid event type or handler.", code: 9000 });
    return;
  }
  const list = itemHandlers.get(eventType) ?? [];
  if (list.length === 0) {
    const accepted = host.addItemHandler(surface, eventType, (argsJson) => {
      for (const fn of itemHandlers.get(eventType) ?? []) fn(JSON.parse(argsJson));
    });
    if (!accepted) {
      answer(callback, asyncContext, { ok: false, name: "InvalidEventType", message: `The event type ${eventType} is not supported here.`, code: 9000 });
      return;
    }
  }
  list.push(handler as (args: unknown) => void);
  itemHandlers.set(eventType, list);
  answer(callback, asyncContext, succeed(undefined));
}

function removeHandlerAsync(...args: unknown[]): void {
  const { params, asyncContext, callback } = splitArgs(args, 1);
  const eventType = params[0];
  if (typeof eventType === "string") {
    itemHandlers.delete(eventType);
    host.removeItemHandlers(surface, eventType);
  }
  answer(callback, asyncContext, succeed(undefined));
}

function getInitializationContextAsync(...args: unknown[]): void {
  const { asyncContext, callback } = splitArgs(args, 0);
  answer(callback, asyncContext, succeed(host.getInitializationContext(surface)));
}

function getComposeTypeAsync(...args: unknown[]): void {
  const { asyncContext, callback } = splitArgs(args, 0);
  const reported = itemFacts().composeType;
  // Windows and Mac report some replies as new messages (OfficeDev/office-js#6652, #6739).
  const composeType = reported === "reply" && client.repliesReportedAsNewMail ? "newMail" : reported;
  answer(callback, asyncContext, succeed({ composeType, coercionType: "html" }));
}

const from = {
  getAsync: (...args: unknown[]): void => {
    const { asyncContext, callback } = splitArgs(args, 0);
    answer(callback, asyncContext, succeed(JSON.parse(host.getFrom()) as RecipientDetails));
  },
} as unknown as Office.From;

const subject = {
  getAsync: (...args: unknown[]): void => {
    const { asyncContext, callback } = splitArgs(args, 0);
    answer(callback, asyncContext, succeed(itemFacts().subject));
  },
} as unknown as Office.Subject;

/** The compose item: the members of `Office.MessageCompose` the add-in uses. */
type ShimItem = Pick<
  Office.MessageCompose,
  | "itemType"
  | "to"
  | "cc"
  | "bcc"
  | "from"
  | "subject"
  | "inReplyTo"
  | "conversationId"
  | "sessionData"
  | "getComposeTypeAsync"
  | "addHandlerAsync"
  | "removeHandlerAsync"
  | "getInitializationContextAsync"
>;

const item: ShimItem = {
  itemType: "message",
  to: recipientsFor("to"),
  cc: recipientsFor("cc"),
  bcc: recipientsFor("bcc"),
  from,
  subject,
  get inReplyTo(): string {
    return itemFacts().inReplyTo as string;
  },
  get conversationId(): string {
    return itemFacts().conversationId as string;
  },
  sessionData,
  getComposeTypeAsync: getComposeTypeAsync as ShimItem["getComposeTypeAsync"],
  addHandlerAsync: addHandlerAsync as ShimItem["addHandlerAsync"],
  removeHandlerAsync: removeHandlerAsync,
  getInitializationContextAsync: getInitializationContextAsync,
};

const userProfile: Pick<Office.UserProfile, "emailAddress" | "displayName" | "timeZone" | "accountType"> = {
  emailAddress: client.userEmail,
  displayName: client.userName,
  timeZone: "GMT Standard Time",
  accountType: "enterprise",
};

const mailbox = {
  item,
  userProfile,
  diagnostics: { hostName: "OutlookWebApp", hostVersion: "simulator", OWAView: "ThreeColumns" } as Pick<Office.Diagnostics, "hostName" | "hostVersion">,
};

/** Requirement sets this client claims. */
function isSetSupported(name: string, minVersion?: string | number): boolean {
  const want = minVersion === undefined ? "1.1" : String(minVersion);
  switch (name.toLowerCase()) {
    case "mailbox":
      return versionAtLeast(client.mailboxVersion, want);
    case "nestedappauth":
      return client.nestedAppAuth && versionAtLeast("1.1", want);
    case "identityapi":
      return versionAtLeast("1.3", want);
    default:
      return false;
  }
}

const officeTheme: Pick<Office.OfficeTheme, "bodyBackgroundColor" | "bodyForegroundColor" | "controlBackgroundColor" | "controlForegroundColor" | "isDarkTheme"> = {
  bodyBackgroundColor: "#ffffff",
  bodyForegroundColor: "#242424",
  controlBackgroundColor: "#ffffff",
  controlForegroundColor: "#242424",
  isDarkTheme: false,
};

const context = {
  displayLanguage: client.displayLanguage,
  contentLanguage: client.displayLanguage,
  officeTheme,
  requirements: { isSetSupported } as Office.RequirementSetSupport,
  platform: client.platform as unknown as Office.PlatformType,
  host: "Outlook" as unknown as Office.HostType,
  diagnostics: { host: "Outlook", platform: client.platform, version: "simulator" } as unknown as Office.ContextInformation,
  mailbox,
};

/** Functions the launch-event page associated with `Office.actions.associate`. */
const associated = new Map<string, (event: unknown) => unknown>();

const actions: Pick<typeof Office.actions, "associate"> = {
  associate(actionId: string, actionFunction: (arg?: unknown) => void): void {
    associated.set(actionId, actionFunction);
    host.associated(surface, actionId);
  },
};

const readyInfo = { host: "Outlook", platform: "OfficeOnline" } as unknown as { host: Office.HostType; platform: Office.PlatformType };
let readyPromise: Promise<{ host: Office.HostType; platform: Office.PlatformType }> | undefined;

function onReady(callback?: (info: { host: Office.HostType; platform: Office.PlatformType }) => unknown): Promise<{ host: Office.HostType; platform: Office.PlatformType }> {
  readyPromise ??= new Promise((resolve) => {
    setTimeout(() => {
      const init = (office as { initialize?: unknown }).initialize;
      if (typeof init === "function") (init as (reason: string) => void)("inserted");
      resolve(readyInfo);
    }, 0);
  });
  if (callback) void readyPromise.then(callback);
  return readyPromise;
}

/** The global `Office`: the members of `typeof Office` the add-in uses. */
type ShimOffice = Pick<typeof Office, "onReady" | "initialize" | "actions" | "context" | "AsyncResultStatus" | "EventType" | "MailboxEnums" | "HostType" | "PlatformType"> & {
  [key: string]: unknown;
};

const office = {
  onReady,
  initialize: undefined as unknown as ShimOffice["initialize"],
  actions,
  context,
  AsyncResultStatus: ASYNC_STATUS,
  EventType: EVENT_TYPE,
  HostType: { Outlook: "Outlook" },
  PlatformType: { OfficeOnline: "OfficeOnline", PC: "PC", Mac: "Mac", iOS: "iOS", Android: "Android", Universal: "Universal" },
  CoercionType: { Text: "text", Html: "html" },
  MailboxEnums: {
    ComposeType: { NewMail: "newMail", Reply: "reply", Forward: "forward" },
    RecipientType: { DistributionList: "distributionList", User: "user", ExternalUser: "externalUser", Other: "other" },
    ItemType: { Message: "message", Appointment: "appointment" },
    SendModeOverride: { PromptUser: "promptUser" },
    EntityType: {},
  },
} as unknown as ShimOffice;

const port: ShimPort = {
  fireLaunchEvent(name, extraJson, onCompleted): boolean {
    const fn = associated.get(name);
    if (!fn) return false;
    let done = false;
    const event = {
      ...(JSON.parse(extraJson) as Record<string, unknown>),
      completed(options?: Office.SmartAlertsEventCompletedOptions): void {
        if (done) {
          reportMisuse(`event.completed was called more than once by ${name}; Outlook ignores the later calls`);
          return;
        }
        done = true;
        onCompleted(JSON.stringify(options ?? {}));
      },
    };
    try {
      const returned = fn(event);
      if (returned && typeof (returned as Promise<unknown>).then === "function") {
        (returned as Promise<unknown>).then(undefined, (error: unknown) => reportMisuse(`${name} rejected: ${String(error)}`));
      }
    } catch (error) {
      reportMisuse(`${name} threw: ${String(error)}`);
    }
    return true;
  },
};

const target = window as unknown as Record<string, unknown>;
target["Office"] = office;
target[SHIM_GLOBAL] = port;
installNaaBridge(window, (envelope) => host.naaRequest(surface, envelope));
installGraphBridge(window);
