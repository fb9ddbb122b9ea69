import { linkedController } from "./abort";

/**
 * A signal that fires after `timeoutMs` or when `parent` fires, whichever comes first.
 * Its reason is a `TimeoutError` DOMException for the deadline, so adapters can tell timeout from
 * cancellation. Written without `AbortSignal.any`/`AbortSignal.timeout` so that it runs on every
 * Outlook runtime.
 */
export function deadlineSignal(timeoutMs: number, parent?: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const linked = linkedController(parent);
  const timer = setTimeout(() => linked.abort(timeoutReason()), timeoutMs);
  return {
    signal: linked.signal,
    dispose: () => {
      clearTimeout(timer);
      linked.dispose();
    },
  };
}

function timeoutReason(): unknown {
  return typeof DOMException === "function" ? new DOMException("The check ran past its deadline.", "TimeoutError") : new Error("TimeoutError");
}
