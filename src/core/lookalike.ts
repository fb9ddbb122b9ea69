/**
 * Look-alike domains: a recipient domain that is not the organisation's (or a trusted partner's) but
 * is dressed up as one, e.g. `nhѕ.net` (Cyrillic ѕ), `c0nt0s0.com`, `nhs.net-secure.com`,
 * `micro.soft.com`, `nhs-login.net`. Modelled on browsers' spoof checkers: Chromium's IDN spoof checker
 * compares the UTS #39 skeleton of a host name, with marks removed and extra look-alike letters
 * mapped, against top domains' skeletons (components/url_formatter/spoof_checks/skeleton_generator.cc),
 * and its look-alike URL checks add edit distance and target embedding (`example.google.com-site.com`,
 * components/lookalikes/core/lookalike_url_util.h). The name-with-a-word and keystroke checks are this
 * project's, held to dnstwist's permutations (test/core/lookalikeCorpus).
 */
import confusablesFile from "./confusables.json";
import { toAsciiDomain, toUnicodeDomain } from "./address";
import { domainPartsOfAscii, type DomainPattern } from "./domains";

/**
 * How a look-alike was found, strongest first ({@link findLookalike} tries them in this order):
 * - `visual`: the same skeleton, i.e. it looks the same (`nhѕ.net`, `c0nt0s0.com`, `rnicrosoft.com`, `ńhś.net`);
 * - `embedded`: the whole protected domain inside a foreign one (`nhs.net.evil.com`, `nhs.net-secure.com`, `nhs-net.com`);
 * - `split`: the protected name cut by dots or hyphens under its own suffix (`micro.soft.com`, `n-hs.net`);
 * - `typo`: one or two typing mistakes in a name of five or more letters (`contsoo.com`, `paypa.com`);
 * - `shortTypo`: one keystroke away from a short name, four letters or fewer (`nhs.ner`, `wsjj.com`);
 * - `suffix`: the same name under another public suffix (`contoso.org`, `nhs.scot`, `bbc.com`);
 * - `word`: the name with a word added (`nhs-login.net`, `microsoft-support.com`, `partners.org`).
 */
export type LookalikeMatch = "visual" | "embedded" | "split" | "typo" | "shortTypo" | "suffix" | "word";

/** Every {@link LookalikeMatch}, strongest first. */
export const LOOKALIKE_MATCHES: readonly LookalikeMatch[] = ["visual", "embedded", "split", "typo", "shortTypo", "suffix", "word"];

/** A domain found to imitate a protected one. Both domains are lower-case ASCII. */
export interface Lookalike {
  /** The suspicious domain. */
  domain: string;
  /** The protected domain it imitates: a pattern's base or that base's registrable domain. */
  imitates: string;
  match: LookalikeMatch;
}

/**
 * Name lengths (in code points, the part before the public suffix) that decide which typing
 * mistakes count. A name of at most `shortName` letters (`nhs`, `wsj`, `bbc`, `gov`) has many honest
 * one-letter neighbours (`wsp.com` beside `wsj.com`), so only mistakes a keyboard makes count
 * there, and only as `shortTypo`; longer names take any one edit, and two edits once the whole
 * registrable domain has `twoEdits` characters (`contoso.com`; two edits turn a ten-character domain
 * into unrelated real ones, `airbus.com` → `airbnb.com`).
 */
export const TYPO_LENGTHS: Readonly<{ shortName: number; twoEdits: number }> = Object.freeze({ shortName: 4, twoEdits: 11 });

/**
 * What src/core/confusables.json carries (tools/confusables/generate.ts): code point → prototype
 * (ASCII letters, digits, hyphens, or "" for a mark). In the office bundles the same object is
 * filled from the domain-data files at run time (src/office/domainData/confusables.ts).
 */
interface ConfusablesFile {
  readonly unicode: string;
  readonly confusables: Readonly<Record<string, string>>;
}

let prototypes: ReadonlyMap<string, string> | undefined;

/** Code point → prototype, built once on first use (≈ 3,000 entries). */
function prototypeMap(): ReadonlyMap<string, string> {
  prototypes ??= new Map(Object.entries((confusablesFile as ConfusablesFile).confusables));
  return prototypes;
}

/** The Unicode version of the confusables data (`15.0`). */
export function confusablesUnicodeVersion(): string {
  return (confusablesFile as ConfusablesFile).unicode;
}

/**
 * Letter sequences that read as one letter at mail font sizes, and letters read as each other, that
 * UTS #39 does not unify: `rn`/`m` (confusables.txt maps `m` to `rn`; here both read as `m`),
 * `vv`/`w`, `cl`/`d`, and `i`/`l` (`1`, `I` and `l` already share a prototype).
 */
const SEQUENCES: Readonly<Record<string, string>> = { rn: "m", vv: "w", cl: "d" };
const SEQUENCE = /rn|vv|cl/g;
const PLAIN = /^[a-z0-9.-]*$/;

/**
 * The skeleton of `text` for comparing domains: each code point replaced by its prototype (UTS #39
 * confusables, case folded, marks removed, Chromium's extra look-alikes; see
 * tools/confusables/generate.ts), then the {@link SEQUENCES}. Equal skeletons look alike:
 * `skeleton("nhѕ") === skeleton("ńhś") === skeleton("nhs")`, `skeleton("c0nt0s0") === skeleton("contoso")`,
 * `skeleton("vvsj") === skeleton("wsj")`. Not a normalisation to show anyone.
 */
export function skeleton(text: string): string {
  let mapped = text.toLowerCase();
  if (!PLAIN.test(mapped)) {
    const map = prototypeMap();
    let out = "";
    for (const ch of mapped) out += map.get(ch) ?? ch;
    mapped = out;
  } else if (mapped.includes("0") || mapped.includes("1")) {
    mapped = mapped.replace(/0/g, "o").replace(/1/g, "l");
  }
  return mapped.replace(SEQUENCE, (sequence) => SEQUENCES[sequence] ?? sequence).replace(/i/g, "l");
}

/**
 * Damerau–Levenshtein distance in its optimal-string-alignment form: insertions, deletions,
 * substitutions and swaps of two neighbours each cost 1. Counted in code points.
 */
export function editDistance(a: string, b: string): number {
  const s = SURROGATE.test(a) ? [...a] : a;
  const t = SURROGATE.test(b) ? [...b] : b;
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

const SURROGATE = /[\ud800-\udfff]/;

/** Keys next to each key on QWERTY, QWERTZ and AZERTY keyboards: what a slipped finger types instead. */
const KEYBOARD_ROWS: readonly string[] = [
  "1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm",
  "qwertzuiop", "yxcvbnm",
  "azertyuiop", "qsdfghjklm", "wxcvbn",
];

const NEIGHBOURS: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const add = (a: string | undefined, b: string | undefined): void => {
    if (a === undefined || b === undefined) return;
    map.set(a, (map.get(a) ?? "") + b);
    map.set(b, (map.get(b) ?? "") + a);
  };
  // Same row, side by side; and the keys diagonally above and below (row r, columns i and i+1 of the row above).
  const layouts = [KEYBOARD_ROWS.slice(0, 4), [KEYBOARD_ROWS[0], KEYBOARD_ROWS[4], KEYBOARD_ROWS[2], KEYBOARD_ROWS[5]], [KEYBOARD_ROWS[0], KEYBOARD_ROWS[6], KEYBOARD_ROWS[7], KEYBOARD_ROWS[8]]];
  for (const rows of layouts) {
    rows.forEach((row, r) => {
      for (let i = 0; i < (row ?? "").length; i++) {
        add(row?.[i], row?.[i + 1]);
        const above = rows[r - 1];
        if (above) {
          add(row?.[i], above[i]);
          add(row?.[i], above[i + 1]);
        }
      }
    });
  }
  return map;
})();

const VOWELS = "aeiou";

/** Whether typing `wanted` as `typed` is one slip of a key: a neighbour, a vowel for a vowel, or one flipped bit (bit squatting). */
function isSlip(wanted: string, typed: string): boolean {
  if (NEIGHBOURS.get(wanted)?.includes(typed)) return true;
  if (VOWELS.includes(wanted) && VOWELS.includes(typed)) return true;
  const flipped = (wanted.charCodeAt(0) ^ typed.charCodeAt(0)) >>> 0;
  return wanted.length === 1 && typed.length === 1 && flipped !== 0 && (flipped & (flipped - 1)) === 0;
}

/**
 * Whether `typed` is `wanted` after one keystroke gone wrong: a character left out, one added
 * (anything: a repeated, stray or extra key), two neighbours swapped, or one replaced by a
 * {@link isSlip} of it. Replacing a letter by an unrelated one is not a keystroke (`wsp` for `wsj`).
 */
function isOneKeystroke(typed: string, wanted: string): boolean {
  if (typed.length > wanted.length + 2 || wanted.length > typed.length + 2) return false;
  const t = SURROGATE.test(typed) ? [...typed] : typed;
  const w = SURROGATE.test(wanted) ? [...wanted] : wanted;
  if (t.length === w.length) {
    const diffs: number[] = [];
    for (let i = 0; i < w.length; i++) if (t[i] !== w[i]) diffs.push(i);
    if (diffs.length === 1) return isSlip(w[diffs[0] ?? 0] ?? "", t[diffs[0] ?? 0] ?? "");
    const [a, b] = diffs;
    return diffs.length === 2 && a !== undefined && b === a + 1 && t[a] === w[b] && t[b] === w[a];
  }
  const [longer, shorter] = t.length > w.length ? [t, w] : [w, t];
  if (longer.length - shorter.length !== 1) return false;
  let i = 0;
  while (i < shorter.length && longer[i] === shorter[i]) i++;
  for (let j = i; j < shorter.length; j++) if (longer[j + 1] !== shorter[j]) return false;
  return true;
}

/** Splits on dots and hyphens, dropping empty pieces. */
function tokens(text: string): string[] {
  return text.split(/[.\-_]+/).filter((t) => t !== "");
}

/**
 * A registrable domain (or a public-suffix base such as `gov.uk`) in the forms the checks compare.
 * The typing checks compare both `raw` and skeleton forms: a skeleton can hide a typo (`paypcl`
 * reads as `paypd`, `parner` as `pamer`).
 */
interface NameForms {
  ascii: string;
  /** The same in Unicode, lower case, unfolded (`name` and `whole`). */
  raw: { name: string; whole: string };
  /** Skeleton of the name before the public suffix (`nhs`, `contoso`); for a suffix base, its first label. */
  name: string;
  /** Skeleton of the public suffix (`net`, `co.uk`). */
  suffix: string;
  /** Skeleton of the whole registrable domain (`nhs.net`). */
  whole: string;
  /** The whole domain's skeleton tokens, in order (`["nhs", "net"]`). */
  tokens: readonly string[];
  /** Whether the domain is itself a public suffix (`gov.uk`). */
  isSuffix: boolean;
  /** Code points in `name` and in `whole`. */
  nameLength: number;
  wholeLength: number;
}

/** Everything the checks need about one protected pattern, computed once per pattern object. */
interface ProtectedDomain {
  pattern: DomainPattern;
  /** The base's registrable domain; `undefined` when the base is a public suffix (`nhs.uk`, `gov.au`). */
  registrable: string | undefined;
  /** The base, then its registrable domain when that differs (`mail.contoso.com`, `contoso.com`): what `visual` and `embedded` look for. */
  targets: readonly { ascii: string; skeletonLabels: readonly string[]; tokens: readonly string[] }[];
  /** The registrable domain (else the base) that the name-based checks compare with. */
  forms: NameForms;
}

const cache = new WeakMap<DomainPattern, ProtectedDomain>();

function protectedDomain(pattern: DomainPattern): ProtectedDomain {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const { registrable } = domainPartsOfAscii(pattern.base);
  const targets = [pattern.base, ...(registrable !== undefined && registrable !== pattern.base ? [registrable] : [])].map((ascii) => {
    const skeletonLabels = skeletonLabelsOf(ascii);
    return { ascii, skeletonLabels, tokens: tokens(skeletonLabels.join(".")) };
  });
  const built: ProtectedDomain = { pattern, registrable, targets, forms: nameForms(registrable ?? pattern.base, registrable === undefined) };
  cache.set(pattern, built);
  return built;
}

function skeletonLabelsOf(ascii: string): string[] {
  return (ascii.includes("xn--") ? toUnicodeDomain(ascii) : ascii).split(".").map(skeleton);
}

/**
 * The name forms of a registrable domain; `isSuffix` for a base that is itself a public suffix
 * (`gov.uk`), whose first label is taken as the name and the rest as the suffix.
 */
function nameForms(ascii: string, isSuffix: boolean, suffix = domainPartsOfAscii(ascii).suffix): NameForms {
  const rawLabels = (ascii.includes("xn--") ? toUnicodeDomain(ascii) : ascii).split(".");
  const labels = rawLabels.map(skeleton);
  const suffixLabels = isSuffix ? labels.length - 1 : (suffix ?? "").split(".").length;
  const nameLabels = labels.slice(0, Math.max(labels.length - suffixLabels, 1));
  const whole = labels.join(".");
  return {
    ascii,
    raw: { name: rawLabels.slice(0, nameLabels.length).join("."), whole: rawLabels.join(".") },
    name: nameLabels.join("."),
    suffix: labels.slice(nameLabels.length).join("."),
    whole,
    tokens: tokens(whole),
    isSuffix,
    nameLength: [...nameLabels.join(".")].length,
    wholeLength: [...whole].length,
  };
}

/** The candidate domain in the forms the checks compare. */
interface Candidate {
  ascii: string;
  registrable: string | undefined;
  skeletonLabels: readonly string[];
  tokens: readonly string[];
  /** Name forms of its registrable domain, or of the whole domain when it has none. */
  forms: NameForms;
  /** Skeleton of everything before the public suffix, dots and hyphens removed (`micro.soft.com` → `microsoft`). */
  squashed: string;
}

function candidate(ascii: string, registrable: string | undefined, suffix: string | undefined): Candidate {
  const skeletonLabels = skeletonLabelsOf(ascii);
  const forms = nameForms(registrable ?? ascii, false, suffix);
  const suffixLabels = forms.suffix === "" ? 0 : forms.suffix.split(".").length;
  const squashed = skeletonLabels.slice(0, skeletonLabels.length - suffixLabels).join("").replace(/[-_]/g, "");
  return { ascii, registrable, skeletonLabels, tokens: tokens(skeletonLabels.join(".")), forms, squashed };
}

/** Index of the first occurrence of `needle` as a run of `haystack`, or -1; `fromEnd` only tries the end. */
function indexOfRun(haystack: readonly string[], needle: readonly string[], fromEnd = false): number {
  const last = haystack.length - needle.length;
  for (let start = fromEnd ? last : 0; start >= 0 && start <= last; start++) {
    if (needle.every((label, k) => haystack[start + k] === label)) return start;
  }
  return -1;
}

/**
 * Whether `ascii` belongs to the protected domain's own territory: it matches the pattern, equals or
 * lies below the base (`health.gov.au` under `gov.au`), or shares the base's registrable domain
 * (`www.contoso.com` beside `mail.contoso.com`).
 */
function isOwnTerritory(ascii: string, registrable: string | undefined, owner: ProtectedDomain): boolean {
  const base = owner.pattern.base;
  return ascii === base || ascii.endsWith(`.${base}`) || (registrable !== undefined && registrable === owner.registrable);
}

/** The matches that do not compare registrable names. */
const NAMELESS_MATCHES: readonly LookalikeMatch[] = ["visual", "embedded"];

type Check = (c: Candidate, owner: ProtectedDomain) => string | undefined;

/** The checks, one per {@link LookalikeMatch}; each returns the imitated domain when it applies. */
const CHECKS: Readonly<Record<LookalikeMatch, Check>> = {
  // The domain ends in a protected domain's skeleton: it reads as that domain, or as a name below it.
  visual: (c, owner) => owner.targets.find((t) => indexOfRun(c.skeletonLabels, t.skeletonLabels, true) >= 0)?.ascii,

  // A protected domain's labels, in skeleton, somewhere inside the candidate's dot- and hyphen-separated
  // pieces (nhs.net.evil.com, nhs.net-secure.com, nhs-net.com), or its labels run together as the
  // name (nhsnet.com) — unless the candidate's own name is the protected name, which is `suffix`
  // (contoso.com.au).
  embedded: (c, owner) => {
    if (c.forms.name === owner.forms.name && !owner.forms.isSuffix) return undefined;
    const found = owner.targets.find((t) => t.tokens.length > 1 && indexOfRun(c.tokens, t.tokens) >= 0);
    if (found) return found.ascii;
    return c.squashed === owner.forms.tokens.join("") && owner.forms.tokens.length > 1 ? owner.forms.ascii : undefined;
  },

  // The protected name with dots or hyphens put in or taken out, under the same suffix.
  split: (c, owner) => (c.squashed === owner.forms.name.replace(/[.\-_]/g, "") && c.forms.suffix === owner.forms.suffix ? owner.forms.ascii : undefined),

  typo: (c, owner) => {
    if (owner.forms.nameLength <= TYPO_LENGTHS.shortName || isPlural(c.forms, owner.forms)) return undefined;
    const most = owner.forms.wholeLength >= TYPO_LENGTHS.twoEdits ? 2 : 1;
    const near = (typed: string, wanted: string): boolean => {
      // Code units: a cheap bound, loose enough for letters outside the BMP (two units each).
      const units = typed.length - wanted.length;
      return units <= 2 * most && units >= -2 * most && editDistance(typed, wanted) <= most;
    };
    return near(c.forms.whole, owner.forms.whole) || near(c.forms.raw.whole, owner.forms.raw.whole) ? owner.forms.ascii : undefined;
  },

  shortTypo: (c, owner) =>
    owner.forms.nameLength <= TYPO_LENGTHS.shortName &&
    (isOneKeystroke(c.forms.whole, owner.forms.whole) || isOneKeystroke(c.forms.raw.whole, owner.forms.raw.whole))
      ? owner.forms.ascii
      : undefined,

  // For a public-suffix base its first label counts as the name: gov.ca, gov.wales for gov.uk, and
  // nhs.net for *.nhs.uk (a policy lists the family's domains it trusts).
  suffix: (c, owner) => (c.forms.name === owner.forms.name || c.squashed === owner.forms.name ? owner.forms.ascii : undefined),

  // The protected name with a word: as one hyphen-separated piece of the name (nhs-login.net), run
  // together with a word of {@link KEYWORDS} under any suffix (loginnhs.org, microsoftsupport.com), or
  // with any two or more letters under its own suffix (nhsmail.net); or a plural (partners.org).
  word: (c, owner) => {
    if (isPlural(c.forms, owner.forms)) return owner.forms.ascii;
    const sameSuffix = c.forms.suffix === owner.forms.suffix;
    const withWord = (own: string, name: string): boolean => {
      if (own === name) return false;
      if (own.split("-").includes(name)) return true;
      const joined = own.replace(/-/g, "");
      const rest = joined.startsWith(name) ? joined.slice(name.length) : joined.endsWith(name) ? joined.slice(0, -name.length) : undefined;
      return rest !== undefined && rest.length >= 2 && (sameSuffix || KEYWORDS.has(rest));
    };
    return withWord(c.forms.name, owner.forms.name) || withWord(c.forms.raw.name, owner.forms.raw.name) ? owner.forms.ascii : undefined;
  },
};

/**
 * Words that phishing domains add to a brand (combo squatting): sign-in, account, support and
 * payment words. A name run together with one of them counts under any suffix.
 */
const KEYWORDS: ReadonlySet<string> = new Set(
  ("login logon signin signon sso auth oauth secure security safe verify verification validate account accounts update support help helpdesk " +
    "service services portal mail email webmail online pay payment payments billing invoice invoices bank my web www app access admin user users " +
    "register registration recovery reset password confirm alert alerts notice office team staff hr it id docs drive share files cloud connect " +
    "mobile download").split(" "),
);

/** Whether the candidate is the protected name with `s` or `es` added, under the same suffix (`partners.org` for `partner.org`). */
function isPlural(c: NameForms, owner: NameForms): boolean {
  const plural = (own: string, name: string): boolean => own === `${name}s` || own === `${name}es`;
  return c.suffix === owner.suffix && (plural(c.name, owner.name) || plural(c.raw.name, owner.raw.name));
}

/**
 * Whether `domain` imitates one of `protectedPatterns` (the policy's internal and trusted patterns;
 * `*.nhs.uk` protects `nhs.uk`). Returns the strongest finding: every pattern is tried for each
 * {@link LookalikeMatch} in turn, strongest first.
 *
 * Never a look-alike: an invalid domain, and a domain in any protected pattern's own territory
 * (matching it, at or below its base, or with the same registrable domain as its base).
 */
export function findLookalike(domain: string, protectedPatterns: readonly DomainPattern[]): Lookalike | undefined {
  const ascii = toAsciiDomain(domain);
  if (ascii === undefined || protectedPatterns.length === 0) return undefined;
  const owners = protectedPatterns.map(protectedDomain);
  const { registrable, suffix } = domainPartsOfAscii(ascii);
  if (owners.some((owner) => isOwnTerritory(ascii, registrable, owner))) return undefined;
  const c = candidate(ascii, registrable, suffix);
  // A public suffix itself (`gov.ua`) cannot be registered: only what it looks like or holds counts.
  const matches = registrable === undefined ? NAMELESS_MATCHES : LOOKALIKE_MATCHES;
  for (const match of matches) {
    for (const owner of owners) {
      const imitates = CHECKS[match](c, owner);
      if (imitates !== undefined) return { domain: ascii, imitates, match };
    }
  }
  return undefined;
}
