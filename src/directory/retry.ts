import { abortError, throwIfAborted } from "./abort";

/**
 * Retry with capped, full-jitter exponential backoff (delay = random() × min(max, base × 2^(n−1))).
 * Backoff never depends on `Retry-After` — browsers cannot read it on Graph responses — but uses it,
 * capped by `maxDelayMs`, when it is readable. Every sleep ends when the call's signal fires, so a
 * retry never outlives the deadline.
 */

/**
 * Waits `ms` milliseconds; rejects as soon as `signal` fires (any rejection will do: callers check
 * the signal and report `directory_timeout` / `directory_aborted`).
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Tunable part of the retry policy. */
export interface RetryOptions {
  /** Tries in total, the first included. @default 3 */
  attempts?: number;
  /** Ceiling of the first backoff, in milliseconds; doubles on each retry. @default 200 */
  baseDelayMs?: number;
  /** Ceiling of any one backoff, in milliseconds, `Retry-After` included. @default 2000 */
  maxDelayMs?: number;
}

/** A complete retry policy with its sources of randomness and time. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Uniform in [0, 1). */
  random: () => number;
  sleep: Sleep;
}

export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = Object.freeze({ attempts: 3, baseDelayMs: 200, maxDelayMs: 2000 });

/** A `setTimeout` sleep that ends early, rejecting with {@link abortError}, when `signal` fires. */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      if (signal) reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });

function wholeAtLeast(value: number | undefined, minimum: number, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= minimum ? Math.floor(value) : fallback;
}

/** Fills in defaults; nonsensical numbers (negative, NaN) fall back to the defaults. */
export function resolveRetryPolicy(
  options: RetryOptions = {},
  random: () => number = Math.random,
  sleep: Sleep = abortableSleep,
): RetryPolicy {
  const baseDelayMs = wholeAtLeast(options.baseDelayMs, 0, DEFAULT_RETRY.baseDelayMs);
  return {
    attempts: wholeAtLeast(options.attempts, 1, DEFAULT_RETRY.attempts),
    baseDelayMs,
    maxDelayMs: wholeAtLeast(options.maxDelayMs, 0, Math.max(DEFAULT_RETRY.maxDelayMs, baseDelayMs)),
    random,
    sleep,
  };
}

/**
 * The delay before retry number `retry` (1 = the first retry), in milliseconds:
 * the readable `retryAfterMs` capped by `maxDelayMs`, else full jitter below the doubled, capped ceiling.
 */
export function backoffDelayMs(retry: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) return Math.min(policy.maxDelayMs, Math.max(0, retryAfterMs));
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * Math.pow(2, Math.max(0, retry - 1)));
  const r = policy.random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}

/**
 * Sleeps before retry number `retry`; rejects with `directory_timeout` / `directory_aborted` when
 * `signal` fires first.
 */
export async function backoff(retry: number, policy: RetryPolicy, signal: AbortSignal | undefined, retryAfterMs?: number): Promise<void> {
  await sleepBeforeRetry(backoffDelayMs(retry, policy, retryAfterMs), policy, signal);
}

/** Sleeps `delayMs` before a retry; rejects with `directory_timeout` / `directory_aborted` when `signal` fires first. */
export async function sleepBeforeRetry(delayMs: number, policy: Pick<RetryPolicy, "sleep">, signal: AbortSignal | undefined): Promise<void> {
  throwIfAborted(signal);
  try {
    await policy.sleep(delayMs, signal);
  } catch (error) {
    if (signal?.aborted) throw abortError(signal);
    throw error;
  }
  throwIfAborted(signal);
}

/** How {@link withRetry} judges one failure. */
export interface RetryJudge {
  /** Whether this failure may be retried. */
  retryable(error: unknown): boolean;
  /** The readable `Retry-After` of this failure, in milliseconds. */
  retryAfterMs?(error: unknown): number | undefined;
  /**
   * Whether waiting `delayMs` still leaves time to use the answer (the call's deadline). When it does
   * not, the failure is returned at once: a wait past the deadline would throw away what the other
   * requests of the check already learned.
   */
  canWait?(delayMs: number): boolean;
}

/**
 * Runs `operation` up to `policy.attempts` times, backing off between retryable failures.
 * Rejects with the last failure, or with `directory_timeout` / `directory_aborted` when `signal` fires.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  judge: RetryJudge,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal);
    try {
      return await operation(attempt);
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      if (attempt >= policy.attempts || !judge.retryable(error)) throw error;
      const delayMs = backoffDelayMs(attempt, policy, judge.retryAfterMs?.(error));
      if (judge.canWait && !judge.canWait(delayMs)) throw error;
      await sleepBeforeRetry(delayMs, policy, signal);
    }
  }
}
