/** Locale-aware numbers, counts of people and shortened lists of names. */
import type { Bounds } from "../types";
import type { Catalogue, PluralPhrase } from "./Catalogue";
import { catalogueFor } from "./resolveLocale";

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function cached<T>(cache: Map<string, T>, locale: string, make: () => T): T {
  let value = cache.get(locale);
  if (value === undefined) {
    value = make();
    cache.set(locale, value);
  }
  return value;
}

/** A whole number with the locale's grouping: en "840,001", de "840.001", fr "840 001" (narrow no-break space). */
export function formatCount(n: number, catalogue: Catalogue): string {
  return cached(numberFormats, catalogue.locale, () => new Intl.NumberFormat(catalogue.locale, { maximumFractionDigits: 0 })).format(n);
}

/** The form of `phrase` for `n` in the catalogue's language. */
export function pluralize(phrase: PluralPhrase, n: number, catalogue: Catalogue): string {
  const category = cached(pluralRules, catalogue.locale, () => new Intl.PluralRules(catalogue.locale)).select(n);
  const form = category === "other" ? phrase.other : (phrase[category] ?? phrase.other);
  return form(formatCount(n, catalogue));
}

/** Non-negative whole bounds with lower ≤ upper, whatever came in. */
export function tidyBounds(bounds: Bounds): Bounds {
  const lower = Number.isFinite(bounds.lower) ? Math.max(0, Math.floor(bounds.lower)) : 0;
  const upper = Number.isNaN(bounds.upper) ? Infinity : Math.max(lower, Math.ceil(bounds.upper));
  return { lower, upper };
}

/**
 * The bounds worth saying to a person who decides on `thresholds` ("more than N" for each; `null` =
 * off). A range is kept only while some threshold lies inside it, so that where the truth falls
 * changes the decision; otherwise a known lower bound is said as "at least" (840,000–840,001 against
 * a limit of 1,000 reads "at least 840,000 people"), and a range from 0 as "up to". Exact and
 * open-ended bounds are kept. The result never claims more than the bounds do.
 */
export function decisiveBounds(bounds: Bounds, thresholds: readonly (number | null)[]): Bounds {
  const tidy = tidyBounds(bounds);
  const { lower, upper } = tidy;
  if (lower === upper || upper === Infinity) return tidy;
  const decides = thresholds.some((t) => t !== null && Number.isFinite(t) && lower <= t && t < upper);
  if (decides || lower === 0) return tidy;
  return { lower, upper: Infinity };
}

/**
 * A number of people in words: "840,001 people", "1 person", "at least 840,000 people" (upper
 * unknown), "between 400 and 800 people", "up to 800 people" (lower 0), "an unknown number of people".
 * With `thresholds`, the range is said only when it changes the decision (see `decisiveBounds`).
 */
export function formatPeople(bounds: Bounds, locale?: string, thresholds?: readonly (number | null)[]): string {
  const catalogue = catalogueFor(locale);
  const { lower, upper } = thresholds ? decisiveBounds(bounds, thresholds) : tidyBounds(bounds);
  const people = catalogue.people;
  if (lower === upper) return pluralize(people.exact, lower, catalogue);
  if (upper === Infinity) return lower === 0 ? people.unknown : pluralize(people.atLeast, lower, catalogue);
  if (lower === 0) return pluralize(people.upTo, upper, catalogue);
  return people.between(formatCount(lower, catalogue), formatCount(upper, catalogue));
}

/** How far names are shortened: at most `items` shown, each at most `nameMax` characters. */
export interface NameBudget {
  nameMax: number;
  items: number;
}

/** Controls and bidirectional overrides that could break a line or reorder the text around a name. */
const UNSAFE = /[\p{Cc}\p{Zl}\p{Zp}\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu;

/** One name made safe to show: controls removed, whitespace collapsed, cut to `max` characters with "…". */
export function shortenName(name: string, max: number): string {
  const clean = name.replace(UNSAFE, " ").replace(/\s+/gu, " ").trim();
  const chars = Array.from(clean);
  return chars.length > max ? `${chars.slice(0, Math.max(1, max - 1)).join("").trimEnd()}…` : clean;
}

/** Joins items as the language does ("A, B and C"), with `Intl.ListFormat` where the runtime has it. */
export function joinList(items: readonly string[], catalogue: Catalogue): string {
  if (typeof Intl.ListFormat === "function") {
    return new Intl.ListFormat(catalogue.locale, { type: "conjunction", style: "long" }).format(items);
  }
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")}${catalogue.and}${items[items.length - 1] ?? ""}`;
}

/**
 * Names for a message: empty ones dropped, each shortened, at most `budget.items` shown and the rest
 * counted ("A, B, C and 2 more"). `undefined` when there is nothing to name.
 */
export function formatNames(names: readonly string[], catalogue: Catalogue, budget: NameBudget): string | undefined {
  const shown: string[] = [];
  let total = 0;
  for (const name of names) {
    const short = shortenName(name, budget.nameMax);
    if (short === "") continue;
    total++;
    if (shown.length < budget.items) shown.push(short);
  }
  if (shown.length === 0) return undefined;
  const rest = total - shown.length;
  return joinList(rest > 0 ? [...shown, pluralize(catalogue.andMore, rest, catalogue)] : shown, catalogue);
}
