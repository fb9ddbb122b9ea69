import { createGuardError } from "../core/errors";
import type { OfficeApi, OfficeCallback } from "./OfficeApi";

/**
 * The one place where an Office callback API becomes a promise (STYLE.md §5): callbacks and
 * `asyncContext` never leave src/office.
 *
 * Resolves with `result.value` when Office reports success. Rejects with a GuardError
 * `office_call_failed` (details: `operation`, and Office's error `name` / `code` when given) when
 * Office reports a failure, or when `start` throws (e.g. the method does not exist on this client).
 *
 * @param office supplies `AsyncResultStatus`
 * @param operation a short name for logs, e.g. "to.getAsync" (never addresses)
 * @param start calls the Office method with the callback it is given
 */
export function officeCall<T>(office: Pick<OfficeApi, "AsyncResultStatus">, operation: string, start: (callback: OfficeCallback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((result) => {
        if (result.status === office.AsyncResultStatus.Failed) {
          const details: Record<string, string | number> = { operation };
          if (result.error?.name) details["officeError"] = result.error.name;
          if (typeof result.error?.code === "number") details["officeCode"] = result.error.code;
          reject(createGuardError("office_call_failed", { message: `${operation} failed.`, details, cause: result.error }));
        } else {
          resolve(result.value);
        }
      });
    } catch (error) {
      reject(createGuardError("office_call_failed", { message: `${operation} threw.`, details: { operation }, cause: error }));
    }
  });
}
