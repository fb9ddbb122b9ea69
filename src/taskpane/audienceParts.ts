/** Bounds arithmetic the pane needs beyond what the verdict states. */
import type { Bounds } from "../core/types";

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
