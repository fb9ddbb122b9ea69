import type { Bounds } from "./types";

/**
 * Interval arithmetic on people counts. A bound's `upper` may be `Infinity` when nothing caps it.
 */

export function exact(n: number): Bounds {
  return { lower: n, upper: n };
}

export const UNKNOWN_BOUNDS: Bounds = Object.freeze({ lower: 0, upper: Number.POSITIVE_INFINITY });

export function isExact(b: Bounds): boolean {
  return b.lower === b.upper;
}

/**
 * Bounds on the size of a union: the people known exactly (`known`, already deduplicated) plus
 * sets known only by their bounds. `max(parts) ≤ |union| ≤ known + Σ parts`.
 */
export function unionBounds(known: number, parts: readonly Bounds[]): Bounds {
  let lower = known;
  let upper = known;
  for (const part of parts) {
    lower = Math.max(lower, part.lower);
    upper += part.upper;
  }
  return { lower, upper };
}

/** Caps `b` by `cap` (e.g. external people never exceed people). */
export function capBounds(b: Bounds, cap: Bounds): Bounds {
  return { lower: Math.min(b.lower, cap.upper), upper: Math.min(b.upper, cap.upper) };
}

/**
 * Whether "more than `threshold`" is still undecided: the truth may lie on either side of it.
 * `null` thresholds are off and never undecided.
 */
export function isUndecided(b: Bounds, threshold: number | null): boolean {
  return threshold !== null && b.lower <= threshold && b.upper > threshold;
}

/** Whether the count is certainly more than `threshold`. */
export function certainlyAbove(b: Bounds, threshold: number | null): boolean {
  return threshold !== null && b.lower > threshold;
}

/** Whether the count may be more than `threshold`. */
export function possiblyAbove(b: Bounds, threshold: number | null): boolean {
  return threshold !== null && b.upper > threshold;
}

/** JSON cannot carry Infinity: an open upper bound is written as `null`. */
export function boundsToJson(b: Bounds): { lower: number; upper: number | null } {
  return { lower: b.lower, upper: Number.isFinite(b.upper) ? b.upper : null };
}

export function boundsFromJson(b: { lower: number; upper: number | null }): Bounds {
  return { lower: b.lower, upper: b.upper === null ? Number.POSITIVE_INFINITY : b.upper };
}
