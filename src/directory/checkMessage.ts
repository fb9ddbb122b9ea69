import { exact } from "../core/bounds";
import { classifyMessage, listAddresses } from "../core/classify";
import type { ErrorCode } from "../core/errors";
import { toGuardError } from "../core/errors";
import type { Verdict } from "../core/evaluate";
import { evaluate, needsPrecision } from "../core/evaluate";
import type { Policy } from "../core/policy";
import type { ListExpansion, MessageSnapshot } from "../core/types";
import { DEFAULT_MEMBER_BUDGET, type Directory } from "./Directory";
import { raceAbort } from "./abort";
import { deadlineSignal } from "./deadline";

export interface CheckOptions {
  message: MessageSnapshot;
  policy: Policy;
  /** Absent when no directory is available: every list is then unknown. */
  directory?: Directory;
  /** What an earlier check (e.g. OnMessageRecipientsChanged) already learned; skips the directory. */
  known?: readonly ListExpansion[];
  locale?: string;
  /** Cancels the check; the policy's `timeoutMs` is always a deadline as well. */
  signal?: AbortSignal;
  memberBudget?: number;
  /** Milliseconds clock, injectable for tests. */
  now?: () => number;
}

export interface CheckResult {
  verdict: Verdict;
  /** Every list's expansion as used, for prefetch caches. */
  lists: ListExpansion[];
  directoryFailure?: ErrorCode;
  /** Wall time of the check, ms. */
  elapsedMs: number;
}

/**
 * The path of one Send: classify, expand lists (counts first, bounded enumeration only where a
 * limit falls inside the bounds), evaluate. Never rejects: a directory failure becomes the
 * `directory-failure` reason, decided by policy.
 */
export async function checkMessage(options: CheckOptions): Promise<CheckResult> {
  const now = options.now ?? (() => Date.now());
  const started = now();
  const { message, policy } = options;
  const addresses = listAddresses(classifyMessage(message, policy));
  const knownByAddress = new Map((options.known ?? []).map((l) => [l.address, l]));
  const missing = addresses.filter((a) => !knownByAddress.has(a));

  let lists = addresses.flatMap((a) => knownByAddress.get(a) ?? []);
  let directoryFailure: ErrorCode | undefined;
  if (missing.length > 0 && options.directory) {
    const { signal, dispose } = deadlineSignal(policy.timeoutMs, options.signal);
    // The deadline on the clock adapters use for it (setTimeout's), so they can answer just before it.
    const deadline = Date.now() + policy.timeoutMs;
    try {
      const fetched = await raceAbort(options.directory.expandLists(missing, { signal, deadline }), signal);
      lists = [...lists, ...fetched];
      lists = await enumerateWhileUndecided(options.directory, message, policy, lists, options.memberBudget ?? DEFAULT_MEMBER_BUDGET, { signal, deadline });
    } catch (error) {
      directoryFailure = toGuardError(error, "unexpected").code;
    } finally {
      dispose();
    }
  }
  const verdict = evaluate({ message, policy, lists, locale: options.locale, ...(directoryFailure ? { directoryFailure } : {}) });
  return { verdict, lists, ...(directoryFailure ? { directoryFailure } : {}), elapsedMs: now() - started };
}

/**
 * Reads lists member by member, smallest first, only while a limit still falls inside the bounds
 * and the member budget allows; stops as soon as the answer is known.
 */
async function enumerateWhileUndecided(
  directory: Directory,
  message: MessageSnapshot,
  policy: Policy,
  lists: ListExpansion[],
  budget: number,
  call: { signal: AbortSignal; deadline: number },
): Promise<ListExpansion[]> {
  const { signal } = call;
  let current = lists;
  let remaining = budget;
  // A list with members the directory would not name (limited information) cannot be read whole.
  const candidates = lists
    .filter((l) => (l.source === "groupCounts" || l.source === "index") && !l.members && !l.unreadable && Number.isFinite(l.people.upper))
    .sort((a, b) => a.people.upper - b.people.upper);
  for (const candidate of candidates) {
    if (!needsPrecision(message, policy, current)) break;
    if (candidate.people.upper > remaining) break;
    const read = await raceAbort(directory.listMembers(candidate.address, { ...call, budget: remaining }), signal);
    if (!read.complete) break;
    remaining -= read.members.length;
    const members = [...new Set(read.members)];
    const { knownMembers: _partial, unreadable: _none, ...counted } = candidate;
    const enumerated: ListExpansion = {
      ...counted,
      people: exact(members.length),
      external: exact(new Set(read.external).size),
      source: "enumerated",
      members,
    };
    current = current.map((l) => (l.address === candidate.address ? enumerated : l));
  }
  return current;
}
