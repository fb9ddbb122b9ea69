import type { ErrorCode } from "../../core/errors";
import type { Fix, Verdict } from "../../core/evaluate";
import type { FixCode, ListExpansion, MessageSnapshot } from "../../core/types";
import type { CheckResult } from "../../directory/checkMessage";
import type { Mailbox } from "../../office/Mailbox";
import type { PolicyLoad } from "../../office/loadPolicy";

/** What one check returns; `checkMessage`'s result fits. */
export type AudienceCheckResult = Pick<CheckResult, "verdict"> & Partial<Pick<CheckResult, "lists" | "directoryFailure" | "elapsedMs">>;

/**
 * Checks one snapshot of the message: index.tsx wraps `checkMessage` with the policy, the directory
 * and the locale. Should stop early when `signal` fires; its result is ignored then anyway.
 */
export type AudienceCheck = (snapshot: MessageSnapshot, options: { signal: AbortSignal }) => Promise<AudienceCheckResult>;

export interface UseAudienceCheckOptions {
  /** The message being composed. Keep it stable: a new mailbox starts the checks over. */
  mailbox: Mailbox;
  /** Runs one check; kept in a ref, so a new function each render does not restart anything. */
  check: AudienceCheck;
  /** The policy in force (handed back in the state for the panels that show it). */
  policyLoad: PolicyLoad;
  /** The verdict the Smart Alert passed in `contextData`: shown at once while a fresh check runs. */
  initialVerdict?: Verdict;
  /** The directory failure behind `initialVerdict`, when the Smart Alert named one. */
  initialDirectoryFailure?: ErrorCode;
  /** Quiet time after the last recipients change before checking, in milliseconds. @default 300 */
  debounceMs?: number;
}

/** Why there is no up-to-date verdict: reading the recipients failed, or the check did. */
export interface CheckProblem {
  kind: "read" | "check";
  code: ErrorCode;
}

/** One fix's progress: being applied, or failed with a code. A fix with no status is idle. */
export type FixStatus = { state: "applying" } | { state: "failed"; code: ErrorCode };

export interface AudienceCheckState {
  /** "loading" until the first verdict or problem; "ready" with a verdict; "failed" with only a problem. */
  status: "loading" | "ready" | "failed";
  /** The latest verdict, possibly from `initialVerdict`. */
  verdict: Verdict | undefined;
  /** The message as the check behind `verdict` read it (`undefined` for `initialVerdict`). */
  snapshot: MessageSnapshot | undefined;
  /** The directory failure behind the verdict, if any (e.g. `token_unavailable`). */
  directoryFailure: ErrorCode | undefined;
  /** Every list's expansion as the last check used it (not known for `initialVerdict`). */
  lists: readonly ListExpansion[] | undefined;
  /** A check is running or scheduled. */
  checking: boolean;
  /** The recipients changed since the check behind `verdict` began: its fixes must not be applied. */
  stale: boolean;
  /** Why the last check failed; cleared by the next verdict. */
  problem: CheckProblem | undefined;
  /** The directory needs an interactive sign-in before it can count the lists. */
  needsSignIn: boolean;
  /** Progress of each fix by code. */
  fixStatus: Partial<Record<FixCode, FixStatus>>;
  /** The policy in force. */
  policyLoad: PolicyLoad;
  /**
   * Sets the recipients to `fix.set` (exactly), then checks again. Resolves when that check has
   * finished or been superseded; never rejects (a failure is kept in `fixStatus`). Ignored while
   * another fix is being applied.
   */
  applyFix: (fix: Fix) => Promise<void>;
  /** Checks now, whatever is scheduled. Resolves when the check has finished or been superseded. */
  recheck: () => Promise<void>;
}
