/** Numbers for the pane: a bare count ("840,001") or a range of people without the noun. */
import { decisiveBounds, tidyBounds } from "../../core/messages";
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
 * With `thresholds`, a range is shown only when one of them lies inside it (the core's
 * `decisiveBounds`, as in the alert): "at least 840,000" for 840,000–840,001 against 1,000.
 */
export function formatCount(bounds: Bounds, strings: TaskPaneStrings, thresholds: readonly (number | null)[] = []): string {
  const { lower, upper } = thresholds.length > 0 ? decisiveBounds(bounds, thresholds) : tidyBounds(bounds);
  const n = (value: number) => formatNumber(value, strings.locale);
  if (lower === upper) return n(lower);
  if (upper === Infinity) return lower === 0 ? strings.count.unknown : strings.count.atLeast(n(lower));
  if (lower === 0) return strings.count.upTo(n(upper));
  return strings.count.between(n(lower), n(upper));
}
