import type { GuardError } from "../core/errors";
import { toGuardError } from "../core/errors";

/**
 * The one shape of every launch-event handler (STYLE.md §4, "Complete once"): Outlook is answered
 * with `event.completed` exactly once, on every path, before a deadline — whatever the work does.
 * A failure is turned into a completion by the caller's `fallback`, and its code is logged; it is
 * never swallowed and never leaves the event hanging (several Microsoft samples hang exactly so).
 */

/**
 * What `event.completed` receives: Office's `SmartAlertsEventCompletedOptions`, the members used here.
 * Only `allowEvent` and `errorMessage` exist below Mailbox 1.14 (see requirements.ts).
 */
export interface SmartAlertCompletion {
  allowEvent: boolean;
  /** ≤ 500 characters. */
  errorMessage?: string;
  /** Mailbox 1.15; ≤ 500 characters. */
  errorMessageMarkdown?: string;
  /** Mailbox 1.14; ≤ 20 characters. Shown only together with `commandId` on current clients. */
  cancelLabel?: string;
  /** Mailbox 1.14: the `<Control id>` of the task pane button to open. */
  commandId?: string;
  /** Mailbox 1.14: a string (older Windows builds accept only strings) the task pane reads back. */
  contextData?: string;
  /** Mailbox 1.14: `Office.MailboxEnums.SendModeOverride.PromptUser` — the dialog offers **Send Anyway**. */
  sendModeOverride?: string;
}

/** The event object Outlook passes to a launch-event handler (`Office.MailboxEvent`), as used here. */
export interface CompletableEvent {
  completed(options?: SmartAlertCompletion): void;
}

/**
 * Outlook shows "taking longer than expected" after 5 s, and under SoftBlock the user cannot send
 * until the add-in answers (office-js-docs-pr: outlook/onmessagesend-onappointmentsend-events.md,
 * "Long-running add-in operations"). Every Send is answered within this many milliseconds.
 */
export const SEND_HARD_DEADLINE_MS = 4500;

/** Why the work did not produce the completion itself. */
export type FallbackReason = { kind: "error"; error: GuardError } | { kind: "deadline" };

/** What the work can do with its deadline. */
export interface GuardScope {
  /** Fires when the guard completes the event (deadline, failure or success): stop any work then. */
  readonly signal: AbortSignal;
  /** Brings the deadline forward to `ms` from now; never moves it later. */
  limitDeadline(ms: number): void;
  /** Milliseconds left before the deadline (0 when it has passed). */
  remainingMs(): number;
}

/** setTimeout and clearTimeout, injectable for tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const GLOBAL_TIMERS: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface CompleteOnceOptions {
  /**
   * The work. Resolves to the completion to pass (`undefined` = `event.completed()` with no options,
   * for events that are not Send). A rejection goes to `fallback` as `{ kind: "error" }`.
   */
  run(scope: GuardScope): Promise<SmartAlertCompletion | undefined>;
  /** The completion when `run` fails or the deadline passes. Must not throw; if it does, `lastResort` is used. */
  fallback(reason: FallbackReason): SmartAlertCompletion | undefined;
  /** Used when `fallback` throws. @default undefined (`event.completed()`) */
  lastResort?: SmartAlertCompletion;
  /** The deadline, ms from the call. @default SEND_HARD_DEADLINE_MS */
  deadlineMs?: number;
  /** Milliseconds clock. @default Date.now */
  now?: () => number;
  timers?: Timers;
  /** Receives a short code for every failure (never addresses or tokens). @default console.warn */
  log?: (code: string) => void;
}

/** Logs a failure code with console.warn: a code only, never message content. */
export function warnLog(code: string): void {
  console.warn(`[Audience Guard] ${code}`);
}

/**
 * Runs `options.run` and calls `event.completed` exactly once: with its result, or with
 * `fallback(…)` when it rejects or when the deadline passes first. Resolves once the event is
 * completed (never rejects). Work still running after completion sees `scope.signal` fire.
 */
export function completeOnce(event: CompletableEvent, options: CompleteOnceOptions): Promise<void> {
  const timers = options.timers ?? GLOBAL_TIMERS;
  const now = options.now ?? (() => Date.now());
  const log = options.log ?? warnLog;
  let controller: { readonly signal: AbortSignal; abort(reason?: unknown): void } | undefined;
  let deadlineAt = 0;
  let timer: unknown;
  let done = false;

  return new Promise<void>((resolve) => {
    const finish = (completion: SmartAlertCompletion | undefined): void => {
      if (done) return;
      done = true;
      try {
        timers.clearTimeout(timer);
      } catch {
        log("clear_timeout_threw");
      }
      try {
        if (completion === undefined) event.completed();
        else event.completed(completion);
      } catch (error) {
        log(`completed_threw:${toGuardError(error).code}`);
      }
      try {
        controller?.abort(completedReason());
      } catch {
        log("abort_threw");
      }
      resolve();
    };

    const fallback = (reason: FallbackReason): SmartAlertCompletion | undefined => {
      try {
        return options.fallback(reason);
      } catch {
        log("fallback_threw");
        return options.lastResort;
      }
    };

    const fail = (error: unknown): void => {
      const guardError = toGuardError(error);
      log(`error:${guardError.code}`);
      finish(fallback({ kind: "error", error: guardError }));
    };

    const schedule = (): void => {
      timers.clearTimeout(timer);
      timer = timers.setTimeout(
        () => {
          if (done) return;
          log("deadline");
          finish(fallback({ kind: "deadline" }));
        },
        Math.max(0, deadlineAt - now()),
      );
    };

    // Everything the guard itself needs is set up inside it: a runtime without AbortController, or
    // whose timers or clock throw, is answered at once by the fallback instead of hanging Send.
    let scope: GuardScope;
    try {
      deadlineAt = now() + (options.deadlineMs ?? SEND_HARD_DEADLINE_MS);
      const created = new AbortController();
      controller = created;
      scope = {
        signal: created.signal,
        limitDeadline(ms) {
          const at = now() + Math.max(0, ms);
          if (done || at >= deadlineAt) return;
          deadlineAt = at;
          schedule();
        },
        remainingMs: () => Math.max(0, deadlineAt - now()),
      };
      schedule();
    } catch (error) {
      fail(error);
      return;
    }

    let work: Promise<SmartAlertCompletion | undefined>;
    try {
      work = Promise.resolve(options.run(scope));
    } catch (error) {
      work = Promise.reject(toGuardError(error));
    }
    work.then((completion) => finish(completion), fail);
  });
}

/** The abort reason once the event is answered: not a timeout, so adapters report `directory_aborted`. */
function completedReason(): unknown {
  return typeof DOMException === "function" ? new DOMException("The event was completed.", "AbortError") : new Error("AbortError");
}
