/** Bounds arithmetic the pane needs beyond what the verdict states. */
import type { Policy } from "../core/policy";
import type { Bounds, ComposeType } from "../core/types";
import { limitsFor } from "../core/evaluate";

/** The limits a verdict on this message turns on ("more than N"; `null` = off), by count shown. */
export interface DecisionThresholds {
  /** Everyone reached: the compose type's warn and block limits. */
  total: (number | null)[];
  /** To+Cc: the Bcc advice, on new messages and forwards only. */
  visible: (number | null)[];
  /** Outsiders: any one decides. */
  external: (number | null)[];
}

/** What the pane's counts are decided on, so that they show a range only when it matters (as the alert). */
export function decisionThresholds(policy: Pick<Policy, "limits" | "bccAdvisedAbove">, composeType: ComposeType): DecisionThresholds {
  const limits = limitsFor(policy, composeType);
  const bcc = composeType === "new" || composeType === "forward" ? [policy.bccAdvisedAbove] : [null];
  return { total: [limits.warnAbove, limits.blockAbove], visible: bcc, external: [0] };
}

/**
 * People reached only through Bcc: everyone reached minus the To+Cc part. Someone in both To and Bcc
 * counts as To+Cc. `[max(0, total.lower − visible.upper), total.upper − visible.lower]`; an open
 * upper bound stays open.
 */
export function bccOnlyBounds(total: Bounds, visible: Bounds): Bounds {
  const lower = Number.isFinite(visible.upper) ? Math.max(0, total.lower - visible.upper) : 0;
  const upper = Number.isFinite(total.upper) ? Math.max(lower, total.upper - visible.lower) : Number.POSITIVE_INFINITY;
  return { lower, upper };
}
