/// <reference types="office-js" />
/**
 * The simulated Outlook compose window: the message (To, Cc, Bcc, compose type), the Send button
 * and its Smart Alerts, the add-in's task pane, Sent items, and the simulator's own panel (policy,
 * client, directory, event log). It is the "host" the Office shim in each add-in frame talks to
 * (hostApi.ts).
 */
import { clientProfile, sessionDataLimitOf, type ClientProfile } from "../../clients/profiles";
import { resolveRecipient, splitAddresses } from "./addressBook";
import { EventLog } from "./eventLog";
import type { ClientInfo, Field, HostResult, OutlookHost, RecipientDetails, RecipientRequest, Surface } from "./hostApi";
import { HOST_GLOBAL } from "./hostApi";
import { LaunchRuntime } from "./launchRuntime";
import { CONFIG_ELEMENT_ID, type PageConfig, type SimComposeType } from "./pageConfig";
import { PolicyEditor } from "./policyEditor";
import { SmartAlert } from "./smartAlert";
import { TokenService } from "./tokenService";

const FIELDS: readonly Field[] = ["to", "cc", "bcc"];
/** Outlook's "taking longer than expected" notice appears after 5 s (PLATFORM.md, Smart Alerts). */
const SLOW_NOTICE_MS = 5_000;
/** Outlook gives up on a send handler after 5 minutes. */
const SEND_TIMEOUT_MS = 5 * 60_000;
const COMPOSE_TYPE_NAMES: Record<SimComposeType, string> = { new: "New", reply: "Reply", replyAll: "Reply all", forward: "Forward" };
const RECIPIENTS_CHANGED = "olkRecipientsChanged";
const CONTEXT_CHANGED = "olkInitializationContextChanged";

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`simulator page: #${id} is missing`);
  return el as T;
}

const config = JSON.parse(byId<HTMLScriptElement>(CONFIG_ELEMENT_ID).textContent ?? "{}") as PageConfig;
const { manifest } = config;
const params = new URLSearchParams(location.search);

const ui = {
  send: byId<HTMLButtonElement>("send"),
  sendStatus: byId<HTMLElement>("send-status"),
  composeType: byId<HTMLSelectElement>("compose-type"),
  subject: byId<HTMLInputElement>("subject"),
  body: byId<HTMLTextAreaElement>("body"),
  fields: Object.fromEntries(FIELDS.map((f) => [f, byId<HTMLInputElement>(`field-${f}`)])) as Record<Field, HTMLInputElement>,
  chips: Object.fromEntries(FIELDS.map((f) => [f, byId<HTMLUListElement>(`chips-${f}`)])) as Record<Field, HTMLUListElement>,
  openPane: byId<HTMLButtonElement>("open-pane"),
  pane: byId<HTMLElement>("taskpane"),
  paneFrame: byId<HTMLIFrameElement>("taskpane-frame"),
  closePane: byId<HTMLButtonElement>("close-pane"),
  sent: byId<HTMLOListElement>("sent-list"),
  sentEmpty: byId<HTMLElement>("sent-empty"),
  client: byId<HTMLSelectElement>("client"),
  reset: byId<HTMLButtonElement>("reset-message"),
  newMessage: byId<HTMLButtonElement>("new-message"),
};

const log = new EventLog(byId<HTMLOListElement>("event-log"));
const alertDialog = new SmartAlert(byId<HTMLDialogElement>("smart-alert"));
const tokens = new TokenService({ accessToken: config.accessToken, userEmail: config.message.from, userName: config.userName, tenantId: config.tenantId });
const runtime = new LaunchRuntime(document, manifest.launchEventPage);

// ---------------------------------------------------------------------------------------------
// The item being composed.

interface Item {
  composeType: SimComposeType;
  recipients: Record<Field, RecipientDetails[]>;
  sessionData: Map<string, string>;
  /** Changes every time a new item starts; a reply's ids derive from it. */
  serial: number;
}

let itemSerial = 0;
function newItem(from: PageConfig["message"] | undefined): Item {
  itemSerial += 1;
  return {
    composeType: from?.composeType ?? "new",
    recipients: { to: [...(from?.to ?? [])], cc: [...(from?.cc ?? [])], bcc: [...(from?.bcc ?? [])] },
    sessionData: new Map(),
    serial: itemSerial,
  };
}

let item = newItem(config.message);
let sending = false;
/** contextData handed to the task pane when it opened (getInitializationContextAsync). */
let paneContext: string | null = null;
/** Item-event dispatchers registered by each surface (`item.addHandlerAsync`). */
const itemHandlers: Record<Surface, Map<string, (argsJson: string) => void>> = { taskpane: new Map(), launchevent: new Map() };

/** The Outlook client being played (tools/clients/profiles.ts). */
function profile(): ClientProfile {
  return clientProfile(ui.client.value);
}

function mailboxVersion(): string {
  return profile().mailboxVersion;
}

function fieldText(list: readonly RecipientDetails[]): string {
  return list.map((r) => r.emailAddress).join("; ");
}

function recipientLabel(r: RecipientDetails): string {
  return r.displayName && r.displayName !== r.emailAddress ? `${r.displayName} <${r.emailAddress}>` : r.emailAddress;
}

function renderField(field: Field): void {
  const input = ui.fields[field];
  if (document.activeElement !== input || input.value.trim() === "") input.value = fieldText(item.recipients[field]);
  const chips = ui.chips[field];
  chips.replaceChildren(
    ...item.recipients[field].map((r) => {
      const li = document.createElement("li");
      li.className = `chip chip-${r.recipientType}`;
      const kind = r.recipientType === "distributionList" ? "list" : r.recipientType === "externalUser" ? "external" : "";
      li.textContent = r.displayName || r.emailAddress;
      li.title = `${recipientLabel(r)}${kind ? ` (${kind})` : ""}`;
      if (kind) {
        const tag = document.createElement("span");
        tag.className = "chip-kind";
        tag.textContent = kind;
        li.append(" ", tag);
      }
      return li;
    }),
  );
}

function renderItem(): void {
  for (const f of FIELDS) renderField(f);
  ui.composeType.value = item.composeType;
}

function sameRecipients(a: readonly RecipientDetails[], b: readonly RecipientDetails[]): boolean {
  return a.length === b.length && a.every((r, i) => r.emailAddress.toLowerCase() === b[i]?.emailAddress.toLowerCase());
}

/** Reads a text box into the item, keeping known display names; true when the field changed. */
function commitField(field: Field): boolean {
  const previous = item.recipients[field];
  const next = splitAddresses(ui.fields[field].value).map((address) => {
    const known = previous.find((r) => r.emailAddress.toLowerCase() === address.toLowerCase());
    return known ?? resolveRecipient(config.addressBook, address);
  });
  if (sameRecipients(previous, next)) {
    renderField(field);
    return false;
  }
  item.recipients[field] = next;
  renderField(field);
  return true;
}

function recipientsChanged(fields: readonly Field[]): void {
  if (fields.length === 0) return;
  const changedRecipientFields = { to: fields.includes("to"), cc: fields.includes("cc"), bcc: fields.includes("bcc"), requiredAttendees: false, optionalAttendees: false, resources: false };
  const args = JSON.stringify({ type: RECIPIENTS_CHANGED, changedRecipientFields });
  for (const surface of ["taskpane", "launchevent"] as const) {
    const dispatch = itemHandlers[surface].get(RECIPIENTS_CHANGED);
    if (dispatch) {
      try {
        dispatch(args);
      } catch (error) {
        log.add("error", `the ${surface} RecipientsChanged handler threw: ${String(error)}`);
      }
    }
  }
  void fireRecipientsChangedEvent(changedRecipientFields);
}

async function fireRecipientsChangedEvent(changedRecipientFields: Record<string, boolean>): Promise<void> {
  const name = manifest.launchEvents["OnMessageRecipientsChanged"];
  if (!name) return;
  const serial = item.serial;
  if (!(await runtime.ready(name))) {
    log.add("error", `OnMessageRecipientsChanged: the launch-event page did not associate ${name}`);
    return;
  }
  if (serial !== item.serial) return;
  const started = performance.now();
  const fired = runtime.fire(name, { type: "OnMessageRecipientsChanged", changedRecipientFields }, () => {
    log.add("info", `OnMessageRecipientsChanged (${Object.keys(changedRecipientFields).filter((k) => changedRecipientFields[k]).join(", ")}) completed in ${Math.round(performance.now() - started)} ms`);
  });
  if (!fired) log.add("error", `OnMessageRecipientsChanged: ${name} is not associated`);
}

// ---------------------------------------------------------------------------------------------
// The host the Office shim talks to.

function ok(value: unknown): HostResult {
  return { ok: true, valueJson: JSON.stringify(value ?? null) };
}

function sessionDataSize(data: Map<string, string>): number {
  let size = 0;
  for (const [k, v] of data) size += k.length + v.length;
  return size;
}

const host: OutlookHost = {
  client(): string {
    const client = profile();
    const info: ClientInfo = {
      mailboxVersion: client.mailboxVersion,
      displayLanguage: params.get("lang") ?? "en-GB",
      userEmail: config.message.from,
      userName: config.userName,
      getLimit: client.recipientsPerRead,
      nestedAppAuth: client.nestedAppAuth,
      platform: client.platform,
      repliesReportedAsNewMail: client.repliesReportedAsNewMail,
    };
    return JSON.stringify(info);
  },
  getRecipients(field) {
    return JSON.stringify(item.recipients[field]);
  },
  changeRecipients(surface, field, mode, recipientsJson) {
    const requests = JSON.parse(recipientsJson) as RecipientRequest[];
    const resolved = requests.map((r) => resolveRecipient(config.addressBook, r.emailAddress, r.displayName));
    const next = mode === "set" ? resolved : [...item.recipients[field], ...resolved];
    const changed = !sameRecipients(item.recipients[field], next);
    item.recipients[field] = next;
    renderField(field);
    log.add("info", `${surface === "taskpane" ? "Task pane" : "Event runtime"}: item.${field}.${mode}Async with ${requests.length} recipient${requests.length === 1 ? "" : "s"}`);
    if (changed) setTimeout(() => recipientsChanged([field]), 0);
    return ok(undefined);
  },
  getFrom() {
    const from: RecipientDetails = { emailAddress: config.message.from, displayName: config.userName, recipientType: "user" };
    return JSON.stringify(from);
  },
  getItemFacts() {
    const type = item.composeType;
    const isReply = type === "reply" || type === "replyAll";
    return JSON.stringify({
      composeType: isReply ? "reply" : type === "forward" ? "forward" : "newMail",
      inReplyTo: isReply ? config.inReplyTo : null,
      conversationId: type === "new" ? null : `AAQkAGSimulatorConversation${item.serial}`,
      subject: ui.subject.value,
    });
  },
  sessionData(op, key, value) {
    const data = item.sessionData;
    switch (op) {
      case "get":
        // A key never set reads as an empty string.
        return ok(data.get(key) ?? "");
      case "getAll":
        return ok(Object.fromEntries(data));
      case "remove":
        data.delete(key);
        return ok(undefined);
      case "clear":
        data.clear();
        return ok(undefined);
      case "set": {
        const limit = sessionDataLimitOf(profile());
        const trial = new Map(data).set(key, value);
        if (sessionDataSize(trial) > limit) {
          log.add("error", `item.sessionData.setAsync("${key}") would store ${sessionDataSize(trial)} characters; this client allows ${limit}`);
          return { ok: false, name: "SessionObjectMaxLengthExceeded", message: "The session data object exceeds the maximum length.", code: 9000 };
        }
        data.set(key, value);
        return ok(undefined);
      }
    }
  },
  addItemHandler(surface, eventType, dispatch) {
    if (eventType !== RECIPIENTS_CHANGED && eventType !== CONTEXT_CHANGED) {
      log.add("error", `item.addHandlerAsync(${eventType}) is not supported by the simulator`);
      return false;
    }
    itemHandlers[surface].set(eventType, dispatch);
    return true;
  },
  removeItemHandlers(surface, eventType) {
    itemHandlers[surface].delete(eventType);
  },
  getInitializationContext(surface) {
    return surface === "taskpane" ? paneContext : null;
  },
  async naaRequest(surface, envelopeJson) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const before = tokens.grants.length;
    const response = tokens.handle(envelopeJson);
    const grant = tokens.grants[before];
    if (grant) log.add("info", `Nested app authentication (${surface === "taskpane" ? "task pane" : "event runtime"}): ${grant.method} for ${grant.scopes || "(no scopes)"}`);
    else if (!response.includes('"success":true')) log.add("error", `Nested app authentication refused a request: ${response}`);
    return response;
  },
  associated(surface, name) {
    if (surface === "launchevent") runtime.associated(name);
    log.add("info", `Office.actions.associate("${name}") in the ${surface === "launchevent" ? "event runtime" : "task pane"}`);
  },
  reportAddinError(surface, message) {
    log.add("error", `${surface === "taskpane" ? "task pane" : "event runtime"}: ${message}`);
  },
};
(window as unknown as Record<string, unknown>)[HOST_GLOBAL] = host;

// ---------------------------------------------------------------------------------------------
// The task pane.

function openPane(contextData: unknown): void {
  const context = contextData === undefined ? null : typeof contextData === "string" ? contextData : JSON.stringify(contextData);
  const contextHandler = itemHandlers.taskpane.get(CONTEXT_CHANGED);
  if (!ui.pane.hidden && contextHandler && context !== null) {
    paneContext = context;
    contextHandler(JSON.stringify({ type: CONTEXT_CHANGED, initializationContextData: context }));
    log.add("info", "Task pane already open: InitializationContextChanged fired with the Smart Alert's contextData");
    return;
  }
  paneContext = context;
  itemHandlers.taskpane.clear();
  ui.pane.hidden = false;
  ui.openPane.setAttribute("aria-pressed", "true");
  ui.paneFrame.src = `${manifest.taskpanePage}?_host_Info=Outlook$Web$simulator$en-GB&et=${Date.now()}`;
  log.add("info", context === null ? "Task pane opened" : `Task pane opened with contextData (${context.length.toLocaleString("en-GB")} characters)`);
}

function closePane(): void {
  itemHandlers.taskpane.clear();
  paneContext = null;
  ui.paneFrame.src = "about:blank";
  ui.pane.hidden = true;
  ui.openPane.setAttribute("aria-pressed", "false");
  ui.openPane.focus();
}

ui.openPane.addEventListener("click", () => (ui.pane.hidden ? openPane(undefined) : closePane()));
ui.closePane.addEventListener("click", closePane);

// ---------------------------------------------------------------------------------------------
// Send.

function setComposeLocked(locked: boolean): void {
  for (const f of FIELDS) ui.fields[f].readOnly = locked;
  ui.composeType.disabled = locked;
  ui.subject.readOnly = locked;
  ui.send.disabled = locked;
}

function deliver(how: string): void {
  const li = document.createElement("li");
  const heading = document.createElement("p");
  heading.className = "sent-subject";
  heading.textContent = `${COMPOSE_TYPE_NAMES[item.composeType]}: ${ui.subject.value || "(no subject)"}`;
  const lines = FIELDS.filter((f) => item.recipients[f].length > 0 || f === "to").map((f) => {
    const p = document.createElement("p");
    p.textContent = `${f === "to" ? "To" : f === "cc" ? "Cc" : "Bcc"}: ${item.recipients[f].map(recipientLabel).join("; ") || "(nobody)"}`;
    return p;
  });
  const note = document.createElement("p");
  note.className = "sent-note";
  note.textContent = `${how} at ${new Date().toLocaleTimeString("en-GB")}`;
  li.append(heading, ...lines, note);
  ui.sent.prepend(li);
  ui.sentEmpty.hidden = true;
  log.add("info", how === "sent" ? "Message sent" : `Message ${how}`);
  // Outlook closes the compose window; the simulator opens a blank new message in its place.
  startItem(undefined);
  ui.sendStatus.textContent = "Message sent. It is in Sent items.";
}

function startItem(message: PageConfig["message"] | undefined): void {
  if (!ui.pane.hidden) closePane();
  item = newItem(message);
  ui.subject.value = message?.subject ?? "";
  ui.body.value = message?.body ?? "";
  renderItem();
}

async function graphRequests(): Promise<number | undefined> {
  try {
    const response = await fetch("/simulator/api/graph");
    return ((await response.json()) as { requestCount: number }).requestCount;
  } catch {
    return undefined;
  }
}

/** `completed` options for the log: long values shortened, contextData by its size. */
function describeOptions(options: Office.SmartAlertsEventCompletedOptions): string {
  const parts = Object.entries(options).map(([key, value]) => {
    if (key === "contextData") {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      return `contextData: ${text.length.toLocaleString("en-GB")} characters`;
    }
    const text = JSON.stringify(value);
    return `${key}: ${text.length > 90 ? `${text.slice(0, 89)}…"` : text}`;
  });
  return `{ ${parts.join(", ")} }`;
}

async function send(): Promise<void> {
  if (sending) return;
  const changed = FIELDS.filter((f) => commitField(f));
  recipientsChanged(changed);
  sending = true;
  setComposeLocked(true);
  ui.sendStatus.textContent = `${manifest.addinName} is working on your Send request…`;
  const name = manifest.launchEvents["OnMessageSend"];
  const graphBefore = await graphRequests();
  const started = performance.now();
  let finished = false;
  const slow = setTimeout(() => {
    if (!finished) ui.sendStatus.textContent = `${manifest.addinName} is taking longer than expected to check your message…`;
  }, SLOW_NOTICE_MS);

  const finish = (): number => {
    finished = true;
    clearTimeout(slow);
    clearTimeout(timeout);
    sending = false;
    setComposeLocked(false);
    ui.sendStatus.textContent = "";
    return Math.round(performance.now() - started);
  };
  const unavailable = (why: string): void => {
    finish();
    log.add("error", why);
    if (manifest.sendMode === "Block") {
      ui.sendStatus.textContent = `${manifest.addinName} is unavailable, and this message can't be sent until it is (Block).`;
    } else deliver(`sent without a check: ${manifest.addinName} was unavailable (${manifest.sendMode})`);
  };
  const timeout = setTimeout(() => {
    if (!finished) unavailable(`OnMessageSend: ${name ?? "handler"} did not call event.completed within 5 minutes`);
  }, SEND_TIMEOUT_MS);

  if (!name) return unavailable("the manifest has no OnMessageSend launch event");
  if (!(await runtime.ready(name))) return unavailable(`OnMessageSend: the launch-event page did not associate ${name}`);
  log.add("info", `OnMessageSend fired (${COMPOSE_TYPE_NAMES[item.composeType]}, ${FIELDS.map((f) => `${item.recipients[f].length} ${f}`).join(", ")})`);
  const firedAt = performance.now();
  const fired = runtime.fire(name, { type: "OnMessageSend" }, (optionsJson) => {
    probe.lastHandlerMs = Math.round(performance.now() - firedAt);
    void onCompleted(optionsJson);
  });
  if (!fired) return unavailable(`OnMessageSend: ${name} is not associated`);

  async function onCompleted(optionsJson: string): Promise<void> {
    if (finished) {
      log.add("error", "event.completed was called after Outlook had given up on the handler");
      return;
    }
    const elapsed = finish();
    const options = JSON.parse(optionsJson) as Office.SmartAlertsEventCompletedOptions;
    const graphAfter = await graphRequests();
    const graph = graphBefore !== undefined && graphAfter !== undefined ? `; ${graphAfter - graphBefore} Graph request${graphAfter - graphBefore === 1 ? "" : "s"} meanwhile` : "";
    log.add("info", `OnMessageSend completed in ${elapsed} ms: ${describeOptions(options)}${graph}`);
    probe.lastSendMs = elapsed;
    if (options.allowEvent === true) {
      deliver("sent");
      return;
    }
    if (options.allowEvent !== false) log.add("error", "event.completed without allowEvent: Outlook treats it as allowEvent false");
    const choice = await alertDialog.show({
      options,
      addinName: manifest.addinName,
      iconUrl: manifest.button.iconUrl,
      mailboxVersion: mailboxVersion(),
      manifestSendMode: manifest.sendMode,
      misuse: (message) => log.add("error", message),
    });
    switch (choice.kind) {
      case "sendAnyway":
        deliver("sent with Send Anyway");
        return;
      case "dontSend":
        log.add("info", "Don't Send: the message stays open");
        ui.send.focus();
        return;
      case "takeAction":
        if (choice.commandId === manifest.button.controlId) openPane(choice.contextData);
        else log.add("error", `commandId "${choice.commandId}" names no command in the manifest (the task pane's is "${manifest.button.controlId}"): the button only cancels the send`);
        return;
    }
  }
}

ui.send.addEventListener("click", () => void send());
for (const f of FIELDS) {
  ui.fields[f].addEventListener("change", () => {
    if (commitField(f)) recipientsChanged([f]);
  });
}
ui.composeType.addEventListener("change", () => {
  item.composeType = ui.composeType.value as SimComposeType;
  item.sessionData.clear();
  log.add("info", `Compose type set to ${COMPOSE_TYPE_NAMES[item.composeType]}`);
});
/** Drops the event runtime (its page reloads on the next event), as a new Outlook session would. */
function restartRuntime(): void {
  runtime.restart();
  itemHandlers.launchevent.clear();
}

ui.client.addEventListener("change", () => {
  restartRuntime();
  if (!ui.pane.hidden) openPane(undefined);
  const client = profile();
  log.add("info", `Client now ${client.name} (Mailbox ${client.mailboxVersion}, ${client.recipientsPerRead} recipients per read, ${client.nestedAppAuth ? "" : "no "}nested app authentication); the add-in is reloaded`);
});
ui.newMessage.addEventListener("click", () => {
  startItem(undefined);
  ui.sendStatus.textContent = "";
  log.add("info", "New message");
  ui.fields.to.focus();
});
ui.reset.addEventListener("click", () => {
  startItem(config.message);
  ui.sendStatus.textContent = "";
  log.add("info", `Compose window reset to the ${config.scenarioName} message`);
});

new PolicyEditor(
  {
    textarea: byId<HTMLTextAreaElement>("policy"),
    status: byId<HTMLElement>("policy-status"),
    problems: byId<HTMLUListElement>("policy-problems"),
    apply: byId<HTMLButtonElement>("apply-policy"),
    restore: byId<HTMLButtonElement>("scenario-policy"),
    result: byId<HTMLElement>("policy-result"),
  },
  { served: config.policyText, scenario: config.scenarioPolicyText },
  () => {
    // A running add-in may hold the previous policy in memory: reload it, as a new session would.
    restartRuntime();
    if (!ui.pane.hidden) openPane(undefined);
    log.add("info", "Policy applied: /policy.json changed; the add-in is reloaded");
  },
);

/** What tests may read on `window.__outlookSimulator`. */
interface SimulatorProbe {
  log: EventLog;
  readonly errors: string[];
  readonly tokenGrants: TokenService["grants"];
  /** Milliseconds from the Send click to `completed` (the runtime's first load included). */
  lastSendMs: number | undefined;
  /** Milliseconds from calling the OnMessageSend handler to its `completed`. */
  lastHandlerMs: number | undefined;
}
const probe: SimulatorProbe = {
  log,
  get errors() {
    return log.errors;
  },
  tokenGrants: tokens.grants,
  lastSendMs: undefined,
  lastHandlerMs: undefined,
};
(window as unknown as { __outlookSimulator: SimulatorProbe }).__outlookSimulator = probe;

startItem(config.message);
if (params.get("pane") === "open") openPane(undefined);
