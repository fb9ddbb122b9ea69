/// <reference types="office-js" />
/**
 * Entry of the launch-event bundle (dist/launchevent.js): one file, loaded by launchevent.html in
 * Outlook on the web, new Outlook and Mac, and directly by classic Outlook on Windows'
 * JavaScript-only runtime.
 *
 * The handlers are registered at top level with `Office.actions.associate`: `Office.onReady` does not
 * run in the JavaScript-only runtime (office-js-docs-pr: develop/event-based-activation.md). The
 * checking code is loaded on the first event, not here, so that registration always happens even if
 * initialising that code throws. Whatever throws — loading the checking code, starting a handler,
 * or inside it — the event is completed exactly once: a Send by the policy's answer for "the check
 * could not run" (the last policy kept in the client's storage, else the built-in default) with a
 * message that says so, never a silent allow.
 */
import type { CompletableEvent, SmartAlertCompletion } from "./completeOnce";
import type { LaunchEventHandlers } from "./createHandlers";
import type * as CheckFailedModule from "./checkFailedCompletion";
import type * as OfficeHandlersModule from "./officeHandlers";
import type { OfficeActions, OfficeApi } from "../office/OfficeApi";
import { officeRuntimeStorage } from "../office/RuntimeStorage";
import { DEFAULT_DIRECTORY_FAILURE, storedDirectoryFailure, type FailureAction } from "../office/storedPolicy";

// Compile-time proof that the Office.js subset the adapters use matches @types/office-js.
const office: OfficeApi & OfficeActions = Office;

/** `Office.MailboxEnums.SendModeOverride.PromptUser`'s documented value, for an Office.js without the enum. */
const PROMPT_USER = "promptUser";

/**
 * Used only when even the localised texts cannot load: the en-US sentences of launchTexts.ts
 * (`checkFailed` + `checkFailedPrompt` / `checkFailedBlock`).
 */
const CHECK_FAILED = "Audience Guard couldn't finish checking who this message reaches.";
const LAST_RESORT: Readonly<Record<FailureAction, SmartAlertCompletion>> = {
  allow: { allowEvent: true },
  warn: { allowEvent: false, errorMessage: `${CHECK_FAILED} Check the recipients, and if they're right, choose Send Anyway.`, sendModeOverride: PROMPT_USER },
  block: { allowEvent: false, errorMessage: `${CHECK_FAILED} Your organization requires this check, so please try sending again in a moment.` },
};

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

function log(code: string): void {
  try {
    console.warn(`[Audience Guard] ${code}`);
  } catch {
    // No console in this runtime: nothing else to tell.
  }
}

/** The Send answer when the checking code cannot run, by the stored policy's `directoryFailure`. Never rejects. */
async function unavailableSendAnswer(): Promise<SmartAlertCompletion> {
  let action: FailureAction = DEFAULT_DIRECTORY_FAILURE;
  try {
    action = (await storedDirectoryFailure(officeRuntimeStorage())) ?? DEFAULT_DIRECTORY_FAILURE;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only on this path, for the same reason as the handlers.
    const { checkFailedCompletion } = require("./checkFailedCompletion") as typeof CheckFailedModule;
    let language: string | undefined;
    try {
      language = office.context.displayLanguage;
    } catch {
      language = undefined;
    }
    return checkFailedCompletion(action, language, office.MailboxEnums?.SendModeOverride?.PromptUser ?? PROMPT_USER);
  } catch {
    return LAST_RESORT[action];
  }
}

/**
 * Runs `handle` on a copy of the event whose `completed` works once; when the handlers cannot be
 * loaded, or `handle` throws or rejects before completing, completes with `unavailable()`.
 */
function dispatch(
  event: unknown,
  handle: (h: LaunchEventHandlers, e: CompletableEvent) => Promise<void>,
  unavailable: () => Promise<SmartAlertCompletion | undefined>,
): void {
  if (!isCompletable(event)) {
    log("event_without_completed");
    return;
  }
  let completed = false;
  const once: CompletableEvent = {
    completed(options) {
      if (completed) return;
      completed = true;
      if (options === undefined) event.completed();
      else event.completed(options);
    },
  };
  const rescue = (code: string): void => {
    log(code);
    if (completed) return;
    void unavailable()
      .catch((): SmartAlertCompletion | undefined => LAST_RESORT[DEFAULT_DIRECTORY_FAILURE])
      .then((options) => {
        try {
          once.completed(options);
        } catch {
          log("completed_threw");
        }
      });
  };
  let loaded: LaunchEventHandlers;
  try {
    loaded = loadHandlers();
  } catch {
    rescue("init_failed");
    return;
  }
  try {
    handle(loaded, once).catch(() => rescue("handler_rejected"));
  } catch {
    rescue("handler_threw");
  }
}

/** FunctionName "onMessageSendHandler" in manifest.xml (OnMessageSend, Smart Alerts). */
function onMessageSendHandler(event: unknown): void {
  dispatch(event, (h, e) => h.onMessageSendHandler(e), unavailableSendAnswer);
}

/** FunctionName "onMessageRecipientsChangedHandler" in manifest.xml (OnMessageRecipientsChanged). */
function onMessageRecipientsChangedHandler(event: unknown): void {
  dispatch(event, (h, e) => h.onMessageRecipientsChangedHandler(e), () => Promise.resolve(undefined));
}

office.actions.associate("onMessageSendHandler", onMessageSendHandler);
office.actions.associate("onMessageRecipientsChangedHandler", onMessageRecipientsChangedHandler);
