/**
 * Generated members (`{ "pattern": "user{n}@nhs.net", "from": 1, "count": 840000 }`): every whole
 * number n names one user, `user1@nhs.net`, `user2@nhs.net`, … The fake never lists them; it keeps
 * numbers and renders or recognises addresses on demand.
 */

/** The placeholder a pattern must contain exactly once, in the local part of the address. */
export const PATTERN_PLACEHOLDER = "{n}";

/** A parsed pattern. Two patterns with the same `key` generate the same people. */
export interface GeneratedPattern {
  /** The pattern as written; renders addresses. */
  readonly text: string;
  /** Lower-case pattern text: the identity of the pattern. */
  readonly key: string;
  /** Text before `{n}`, as written. */
  readonly prefix: string;
  /** Text after `{n}`, as written. */
  readonly suffix: string;
  /** Lower-case domain of every generated address. */
  readonly domain: string;
}

export type PatternParse = { ok: true; pattern: GeneratedPattern } | { ok: false; problem: string };

const ADDRESS = /^[^\s@]+@[^\s@]+$/;
const CANONICAL_NUMBER = /^(?:0|[1-9]\d*)$/;

/** Whether `text` looks like one email address (one `@`, no spaces, both sides non-empty). */
export function isAddress(text: string): boolean {
  return ADDRESS.test(text);
}

/** Lower-case domain of an address (text after the last `@`). */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}

/** Parses `user{n}@nhs.net`; the placeholder must appear once, before the `@`. */
export function parsePattern(text: string): PatternParse {
  const at = text.indexOf(PATTERN_PLACEHOLDER);
  if (at < 0 || text.indexOf(PATTERN_PLACEHOLDER, at + 1) >= 0) {
    return { ok: false, problem: `must contain ${PATTERN_PLACEHOLDER} exactly once` };
  }
  const prefix = text.slice(0, at);
  const suffix = text.slice(at + PATTERN_PLACEHOLDER.length);
  if (prefix.includes("@") || !suffix.includes("@")) {
    return { ok: false, problem: `${PATTERN_PLACEHOLDER} must be in the part before the @` };
  }
  if (!isAddress(`${prefix}0${suffix}`)) return { ok: false, problem: "does not make an email address" };
  return { ok: true, pattern: { text, key: text.toLowerCase(), prefix, suffix, domain: domainOf(suffix) } };
}

/** The address pattern `p` gives number `n`. */
export function renderAddress(p: GeneratedPattern, n: number): string {
  return `${p.prefix}${n}${p.suffix}`;
}

/**
 * The number for which `p` generates `address` (compared case-insensitively), or undefined.
 * Numbers are written without leading zeros, so `user01@…` is not `user1@…`.
 */
export function matchAddress(p: GeneratedPattern, address: string): number | undefined {
  const lower = address.toLowerCase();
  const prefix = p.prefix.toLowerCase();
  const suffix = p.suffix.toLowerCase();
  if (lower.length <= prefix.length + suffix.length || !lower.startsWith(prefix) || !lower.endsWith(suffix)) return undefined;
  const digits = lower.slice(prefix.length, lower.length - suffix.length);
  if (!CANONICAL_NUMBER.test(digits)) return undefined;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Whether two different patterns could generate the same address (`u{n}@x` and `u1{n}@x` both make
 * `u15@x`). Addresses are prefix + digits + suffix, so that needs one prefix to extend the other by
 * digits only, and likewise the suffixes.
 */
export function patternsMayCollide(a: GeneratedPattern, b: GeneratedPattern): boolean {
  if (a.key === b.key) return false;
  return extendsByDigits(a.prefix.toLowerCase(), b.prefix.toLowerCase(), "start") && extendsByDigits(a.suffix.toLowerCase(), b.suffix.toLowerCase(), "end");
}

function extendsByDigits(x: string, y: string, side: "start" | "end"): boolean {
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (side === "start") return long.startsWith(short) && /^\d*$/.test(long.slice(short.length));
  return long.endsWith(short) && /^\d*$/.test(long.slice(0, long.length - short.length));
}
