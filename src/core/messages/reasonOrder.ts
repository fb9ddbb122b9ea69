/**
 * The order reasons are told in, the same in the Smart Alert and the task pane: blocking before
 * warning, and within each, what harms most if sent first.
 */
import type { Action, ReasonCode } from "../types";

/** What a reason is ranked by. */
export interface ReasonRank {
  code: ReasonCode;
  /** `allow`: a reason recorded although the policy lets the message go (e.g. `directoryFailure: "allow"`). */
  action: Action;
}

const ACTION_RANK: Readonly<Record<ReasonRank["action"], number>> = { block: 0, warn: 1, allow: 2 };

/**
 * Within one action, most severe first: a message to a domain IT forbids or to an impostor is a
 * leak that cannot be recalled; a storm costs hours; outsiders, unknown sizes, Bcc advice and bad
 * addresses follow. A code missing here does not compile.
 */
const CODE_RANK: Readonly<Record<ReasonCode, number>> = {
  "blocked-domain": 0,
  "lookalike-domain": 1,
  "large-audience": 2,
  "directory-failure": 3,
  "external-recipients": 4,
  "unknown-list": 5,
  "unread-recipients": 6,
  "bcc-advised": 7,
  "invalid-recipient": 8,
};

/** Sort comparator: negative when `a` is told before `b`. */
export function compareReasons(a: ReasonRank, b: ReasonRank): number {
  return ACTION_RANK[a.action] - ACTION_RANK[b.action] || CODE_RANK[a.code] - CODE_RANK[b.code];
}

/** The reasons, most severe first; equal ones keep their order. A new array. */
export function orderReasons<R extends ReasonRank>(reasons: readonly R[]): R[] {
  return [...reasons].sort(compareReasons);
}
