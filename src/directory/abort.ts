import { createGuardError, isGuardError, type GuardError } from "../core/errors";

/**
 * One AbortSignal governs a whole directory call. These helpers turn its firing into
 * `directory_timeout` / `directory_aborted`, and link child controllers to it without
 * `AbortSignal.any` (not available in older Outlook runtimes).
 */

/** Whether an abort reason says the deadline passed (`AbortSignal.timeout` gives a `TimeoutError`). */
export function isTimeoutReason(reason: unknown): boolean {
  if (typeof reason === "string") return /time\s*-?\s*out/i.test(reason);
  if (typeof reason !== "object" || reason === null) return false;
  const { name, message, code } = reason as { name?: unknown; message?: unknown; code?: unknown };
  if (name === "TimeoutError" || code === "directory_timeout") return true;
  return typeof message === "string" && /time\s*-?\s*out/i.test(message);
}

/** The GuardError for a fired signal: `directory_timeout` for a timeout reason, else `directory_aborted`. */
export function abortError(signal: AbortSignal): GuardError {
  const reason: unknown = signal.reason;
  if (isGuardError(reason) && (reason.code === "directory_timeout" || reason.code === "directory_aborted")) return reason;
  return createGuardError(isTimeoutReason(reason) ? "directory_timeout" : "directory_aborted", { cause: reason });
}

/** Whether `error` is the GuardError of a fired signal. */
export function isAbortError(error: unknown): boolean {
  return isGuardError(error) && (error.code === "directory_timeout" || error.code === "directory_aborted");
}

/** Throws {@link abortError} when `signal` has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/**
 * Settles like `promise`, but rejects with {@link abortError} as soon as `signal` fires, even if the
 * work behind `promise` ignores the signal. A later rejection of `promise` is then observed and dropped.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortError(signal));
  }
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      promise.catch(() => undefined);
      reject(abortError(signal));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
  const cleanUp = (): void => signal.removeEventListener("abort", onAbort);
  return Promise.race([promise, aborted]).then(
    (value) => {
      cleanUp();
      return value;
    },
    (error: unknown) => {
      cleanUp();
      throw error;
    },
  );
}

/** An AbortController that also fires when `parent` fires; call `dispose` to detach from the parent. */
export interface LinkedController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
  dispose(): void;
}

/** Creates a {@link LinkedController} under `parent` (which may be absent). */
export function linkedController(parent: AbortSignal | undefined): LinkedController {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    abort: (reason?: unknown) => controller.abort(reason),
    dispose: () => parent?.removeEventListener("abort", onAbort),
  };
}
