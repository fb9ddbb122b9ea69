/** Numbers for the pane: a bare count ("840,001") or a range of people without the noun. */
import type { Bounds } from "../../core/types";
import type { TaskPaneStrings } from "./TaskPaneStrings";

const formats = new Map<string, Intl.NumberFormat>();

/** A whole number grouped for the locale: en "840,001", de "840.001", fr "840 001". */
export function formatNumber(n: number, locale: string): string {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    formats.set(locale, format);
  }
  return format.format(n);
}

/**
 * A count of people as a short figure: "840,001" when exact, "at least 840,000" when the upper bound
 * is unknown, "up to 800" when the lower is 0, "400–800" otherwise, "Unknown" when nothing is known.
 * Bounds are tidied first (whole, non-negative, lower ≤ upper), as the core's `formatPeople` does.
 */
export function formatCount(bounds: Bounds, strings: TaskPaneStrings): string {
  const lower = Number.isFinite(bounds.lower) ? Math.max(0, Math.floor(bounds.lower)) : 0;
  const upper = Number.isNaN(bounds.upper) ? Infinity : Math.max(lower, Math.ceil(bounds.upper));
  const n = (value: number) => formatNumber(value, strings.locale);
  if (lower === upper) return n(lower);
  if (upper === Infinity) return lower === 0 ? strings.count.unknown : strings.count.atLeast(n(lower));
  if (lower === 0) return strings.count.upTo(n(upper));
  return strings.count.between(n(lower), n(upper));
}
