/// <reference types="office-js" />
/**
 * Entry of the launch-event bundle (dist/launchevent.js): one file, ES2016, loaded by
 * launchevent.html in Outlook on the web, new Outlook and Mac, and directly by classic Outlook on
 * Windows' JavaScript-only runtime.
 *
 * The handlers are registered at top level with `Office.actions.associate`: `Office.onReady` does not
 * run in the JavaScript-only runtime (office-js-docs-pr: develop/event-based-activation.md). The
 * checking code is loaded on the first event, not here, so that registration always happens even if
 * initialising that code throws (e.g. a runtime without a newer built-in); the event is then answered
 * as if the add-in were unavailable: Send proceeds, as the manifest's SoftBlock does in that case.
 */
import type { CompletableEvent } from "./completeOnce";
import type { LaunchEventHandlers } from "./createHandlers";
import type * as OfficeHandlersModule from "./officeHandlers";
import type { OfficeActions, OfficeApi } from "../office/OfficeApi";

// Compile-time proof that the Office.js subset the adapters use matches @types/office-js.
const office: OfficeApi & OfficeActions = Office;

let handlers: LaunchEventHandlers | undefined;

/** Builds the real handlers once per runtime. @throws whatever initialising the checking code throws */
function loadHandlers(): LaunchEventHandlers {
  if (!handlers) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (see the module comment); webpack bundles it into this one file.
    const module = require("./officeHandlers") as typeof OfficeHandlersModule;
    handlers = module.createOfficeHandlers(office);
  }
  return handlers;
}

function isCompletable(event: unknown): event is CompletableEvent {
  return typeof (event as { completed?: unknown } | null)?.completed === "function";
}

/** Runs `handle`, or completes the event directly when the handlers cannot be loaded. */
function dispatch(event: unknown, handle: (h: LaunchEventHandlers, e: CompletableEvent) => Promise<void>, unavailable: () => void): void {
  if (!isCompletable(event)) {
    console.warn("[Audience Guard] event_without_completed");
    return;
  }
  let loaded: LaunchEventHandlers;
  try {
    loaded = loadHandlers();
  } catch {
    console.warn("[Audience Guard] init_failed");
    try {
      unavailable();
    } catch {
      console.warn("[Audience Guard] completed_threw");
    }
    return;
  }
  void handle(loaded, event);
}

/** FunctionName "onMessageSendHandler" in manifest.xml (OnMessageSend, Smart Alerts). */
function onMessageSendHandler(event: unknown): void {
  dispatch(event, (h, e) => h.onMessageSendHandler(e), () => (event as CompletableEvent).completed({ allowEvent: true }));
}

/** FunctionName "onMessageRecipientsChangedHandler" in manifest.xml (OnMessageRecipientsChanged). */
function onMessageRecipientsChangedHandler(event: unknown): void {
  dispatch(event, (h, e) => h.onMessageRecipientsChangedHandler(e), () => (event as CompletableEvent).completed());
}

office.actions.associate("onMessageSendHandler", onMessageSendHandler);
office.actions.associate("onMessageRecipientsChangedHandler", onMessageRecipientsChangedHandler);
