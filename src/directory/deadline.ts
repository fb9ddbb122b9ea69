/**
 * A signal that fires after `timeoutMs` or when `parent` fires, whichever comes first.
 * Its reason is a `TimeoutError` DOMException for the deadline, so adapters can tell timeout from
 * cancellation. Written without `AbortSignal.any`/`AbortSignal.timeout` so that it runs on every
 * Outlook runtime.
 */
export function deadlineSignal(timeoutMs: number, parent?: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timeoutReason()), timeoutMs);
  const onParentAbort = (): void => controller.abort(parent?.reason);
  if (parent) {
    if (parent.aborted) controller.abort(parent.reason);
    else parent.addEventListener("abort", onParentAbort, { once: true });
  }
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}

function timeoutReason(): unknown {
  return typeof DOMException === "function" ? new DOMException("The check ran past its deadline.", "TimeoutError") : new Error("TimeoutError");
}
