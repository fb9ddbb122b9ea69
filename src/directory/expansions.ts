import type { Bounds, ListExpansion } from "../core/types";

/** Small constructors for ListExpansion values shared by the Directory adapters. */

/** `[0, ∞]`: nothing is known. */
export function unknownBounds(): Bounds {
  return { lower: 0, upper: Number.POSITIVE_INFINITY };
}

/** A list nothing could be learned about: `[0, ∞]` people, never zero, with the reason's code. */
export function unknownExpansion(address: string, errorCode: string): ListExpansion {
  return { address, people: unknownBounds(), external: unknownBounds(), source: "unknown", errorCode };
}

/** A copy whose bounds and member array the caller may change without touching the original. */
export function cloneExpansion(expansion: ListExpansion): ListExpansion {
  const copy: ListExpansion = { ...expansion, people: { ...expansion.people }, external: { ...expansion.external } };
  if (expansion.members !== undefined) copy.members = expansion.members.slice();
  return copy;
}
