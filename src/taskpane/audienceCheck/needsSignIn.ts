import type { ErrorCode } from "../../core/errors";
import type { ListExpansion } from "../../core/types";

/**
 * Whether counting the lists needs the person to sign in: no token could be had silently
 * (`token_unavailable`), for the directory as a whole or for one of the lists.
 */
export function needsSignIn(directoryFailure: ErrorCode | undefined, lists: readonly ListExpansion[] | undefined): boolean {
  return directoryFailure === "token_unavailable" || (lists ?? []).some((l) => l.source === "unknown" && l.errorCode === "token_unavailable");
}
