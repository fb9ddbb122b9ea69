/**
 * Domain patterns from the policy (`example.org`, `*.example.org`), matching, classification and the
 * public-suffix facts (registrable domain, public suffix) that the look-alike check builds on.
 */
import { parse as parseHost } from "tldts";
import { parseAddress, toAsciiDomain } from "./address";

/**
 * A parsed domain pattern.
 * - `exact` (`example.org`) matches exactly that domain.
 * - `subdomains` (`*.example.org`) matches any domain below `base`, at any depth, but not `base` itself.
 */
export interface DomainPattern {
  readonly kind: "exact" | "subdomains";
  /** Lower-case ASCII domain the pattern is built on (`example.org` for both forms). */
  readonly base: string;
  /** Canonical ASCII spelling: `example.org` or `*.example.org`. */
  readonly text: string;
}

/** The outcome of {@link parseDomainPattern}: a pattern, or one sentence saying what is wrong. */
export type DomainPatternParse = { ok: true; pattern: DomainPattern } | { ok: false; problem: string };

/**
 * How a recipient's domain stands with the organisation. Precedence when several sets match:
 * `blocked` > `internal` > `trusted` > `external` (see {@link classifyDomain}).
 */
export type DomainClass = "internal" | "trusted" | "blocked" | "external";

/** The policy's three pattern lists. */
export interface DomainSets {
  internal: readonly DomainPattern[];
  trusted: readonly DomainPattern[];
  blocked: readonly DomainPattern[];
}

/**
 * Public suffixes under which only one kind of public body can register, so that a wildcard over
 * them (`*.nhs.uk`) names a closed community rather than "anyone who pays". The Public Suffix List
 * does not record who may register, so this list is kept by hand and deliberately short: it must
 * only ever hold restricted registries. Every other public suffix is refused as a wildcard base.
 */
export const RESTRICTED_SUFFIXES: readonly string[] = [
  "nhs.uk",
  "gov.uk",
  "police.uk",
  "ac.uk",
  "gov.scot",
  "gov.au",
  "edu.au",
  "govt.nz",
  "gc.ca",
  "gov.ie",
];

/**
 * Hosts where anyone can create a name, like a public suffix, that the Public Suffix List does not
 * list: every Microsoft 365 tenant gets `<tenant>.onmicrosoft.com`. Treating them as suffixes makes
 * `contoso.onmicrosoft.com` its own registrable domain, so `c0ntoso.onmicrosoft.com` is not taken
 * for the same registrant. Longest first.
 */
const SHARED_HOST_SUFFIXES: readonly string[] = ["mail.onmicrosoft.com", "onmicrosoft.com"];

/** Public suffix and registrable domain of an ASCII domain. */
export interface DomainParts {
  suffix: string | undefined;
  registrable: string | undefined;
}

/**
 * Uses the ICANN and the private sections of the Public Suffix List (`allowPrivateDomains: true`):
 * names under `github.io` or `blogspot.com` belong to different people, and the registrable domain is
 * meant to mark one registrant's territory.
 */
function domainParts(ascii: string): DomainParts {
  for (const shared of SHARED_HOST_SUFFIXES) {
    if (ascii === shared) return { suffix: shared, registrable: undefined };
    if (ascii.endsWith(`.${shared}`)) {
      const labels = ascii.slice(0, -shared.length - 1).split(".");
      return { suffix: shared, registrable: `${labels[labels.length - 1] ?? ""}.${shared}` };
    }
  }
  const parsed = parseHost(ascii, { allowPrivateDomains: true, extractHostname: false });
  return { suffix: parsed.publicSuffix ?? undefined, registrable: parsed.domain ?? undefined };
}

/**
 * The registrable domain ("eTLD+1") of a domain, in ASCII: `mail.contoso.co.uk` → `contoso.co.uk`.
 * `undefined` when the domain is invalid or is itself a public suffix (`co.uk`, `nhs.uk`, `gov.au`).
 * Private Public Suffix List entries count (`foo.github.io` → `foo.github.io`), and so does
 * `onmicrosoft.com` (`contoso.onmicrosoft.com` is a registrable domain).
 */
export function registrableDomain(domain: string): string | undefined {
  const ascii = toAsciiDomain(domain);
  return ascii === undefined ? undefined : domainParts(ascii).registrable;
}

/**
 * The public suffix of a domain in ASCII (`contoso.co.uk` → `co.uk`, `trust.nhs.uk` → `nhs.uk`);
 * an unlisted top-level domain is its own suffix (`corp.local` → `local`). `undefined` when invalid.
 */
export function publicSuffixOf(domain: string): string | undefined {
  const ascii = toAsciiDomain(domain);
  return ascii === undefined ? undefined : domainParts(ascii).suffix;
}

/**
 * {@link registrableDomain} and {@link publicSuffixOf} in one lookup, for a domain already in the
 * canonical ASCII form {@link toAsciiDomain} returns (the look-alike check's hot path).
 */
export function domainPartsOfAscii(ascii: string): DomainParts {
  return domainParts(ascii);
}

/** The ASCII domain of an address in any form {@link parseAddress} reads; `undefined` if it is not one. */
export function domainOf(address: string): string | undefined {
  return parseAddress(address)?.domain;
}

/** Quotes the text in a problem message, shortened so a pasted essay does not become the message. */
function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

const PATTERN_SYNTAX = 'write "example.org" for that domain alone or "*.example.org" for the domains below it';

/**
 * Reads one policy domain pattern. `example.org` means exactly that domain; `*.example.org` means any
 * domain below it, but not `example.org` itself (list both to get both). Unicode is accepted and
 * stored in ASCII (`*.bücher.de` → `*.xn--bcher-kva.de`).
 *
 * Refused, each with a sentence saying why: empty text, `*` alone, `*` anywhere but as a whole first
 * label (`*foo.com`, `a.*.com`), a leading dot, an address (`a@b.com`, `@b.com`), invalid domain
 * names, and wildcards over a public suffix (`*.com`, `*.co.uk`, `*.github.io`), where anyone can
 * register a name. The one exception is a suffix in {@link RESTRICTED_SUFFIXES} (`*.nhs.uk`).
 * An exact pattern may name a public suffix (`gov.au`): it matches only that one name.
 */
export function parseDomainPattern(text: string, options: { allowAnySuffix?: boolean } = {}): DomainPatternParse {
  if (typeof text !== "string" || text.trim() === "") {
    return { ok: false, problem: `A domain pattern is empty: ${PATTERN_SYNTAX}.` };
  }
  const trimmed = text.trim();
  const shown = quote(trimmed);
  if (trimmed === "*" || trimmed === "*.") {
    return { ok: false, problem: `${shown} would match every domain: ${PATTERN_SYNTAX}.` };
  }
  const at = trimmed.lastIndexOf("@");
  if (at >= 0) {
    const domain = trimmed.slice(at + 1);
    return { ok: false, problem: `${shown} is an address, not a domain pattern: write the domain alone, e.g. ${quote(domain)}.` };
  }
  const wildcard = trimmed.startsWith("*.");
  const rest = wildcard ? trimmed.slice(2) : trimmed;
  if (rest.includes("*")) {
    const name = rest.slice(1);
    if (!wildcard && trimmed.startsWith("*") && toAsciiDomain(name) !== undefined) {
      return { ok: false, problem: `${shown} is not a domain pattern: use ${quote(name)} or ${quote(`*.${name}`)}.` };
    }
    return { ok: false, problem: `${shown} is not a domain pattern: "*" may only stand alone as the first label, as in "*.example.org".` };
  }
  if (!wildcard && rest.startsWith(".")) {
    const name = rest.replace(/^\.+/, "");
    return { ok: false, problem: `${shown} is not a domain pattern: use ${quote(name)} or ${quote(`*.${name}`)}.` };
  }
  const base = toAsciiDomain(rest);
  const topLevel = wildcard && base === undefined ? toAsciiDomain(`example.${rest}`)?.slice("example.".length) : undefined;
  if (topLevel !== undefined) {
    return options.allowAnySuffix
      ? { ok: true, pattern: Object.freeze({ kind: "subdomains", base: topLevel, text: `*.${topLevel}` }) }
      : { ok: false, problem: publicSuffixProblem(shown, topLevel) };
  }
  if (base === undefined) {
    return {
      ok: false,
      problem: `${shown} is not a valid domain name: it needs two or more dot-separated labels of letters, digits and hyphens, like "example.org".`,
    };
  }
  if (!wildcard) return { ok: true, pattern: Object.freeze({ kind: "exact", base, text: base }) };
  if (!options.allowAnySuffix && domainParts(base).registrable === undefined && !RESTRICTED_SUFFIXES.includes(base)) {
    return { ok: false, problem: publicSuffixProblem(shown, base) };
  }
  return { ok: true, pattern: Object.freeze({ kind: "subdomains", base, text: `*.${base}` }) };
}

function publicSuffixProblem(shown: string, suffix: string): string {
  return `${shown} would match domains that anyone can register under the public suffix ${quote(suffix)}: name the organisation's own domain instead, e.g. ${quote(`*.example.${suffix}`)}.`;
}

/**
 * Whether `domain` (any spelling {@link toAsciiDomain} accepts) falls under `pattern`.
 * An invalid domain matches nothing.
 */
export function matchesPattern(domain: string, pattern: DomainPattern): boolean {
  const ascii = toAsciiDomain(domain);
  return ascii !== undefined && matchesAscii(ascii, pattern);
}

/** {@link matchesPattern} for a domain already in canonical ASCII form. */
function matchesAscii(ascii: string, pattern: DomainPattern): boolean {
  return pattern.kind === "exact" ? ascii === pattern.base : ascii.endsWith(`.${pattern.base}`);
}

/** Whether `domain` falls under any of `patterns`. */
export function matchesAny(domain: string, patterns: readonly DomainPattern[]): boolean {
  const ascii = toAsciiDomain(domain);
  return ascii !== undefined && patterns.some((pattern) => matchesAscii(ascii, pattern));
}

/**
 * Classifies a domain against the policy's sets, with precedence blocked > internal > trusted >
 * external: a block is the most specific statement an administrator makes (block `old.contoso.com`
 * inside internal `*.contoso.com`), and internal says more than trusted. A domain that matches
 * nothing, or is not a valid domain, is external.
 */
export function classifyDomain(domain: string, sets: DomainSets): DomainClass {
  const ascii = toAsciiDomain(domain);
  if (ascii === undefined) return "external";
  const inSet = (patterns: readonly DomainPattern[]): boolean => patterns.some((pattern) => matchesAscii(ascii, pattern));
  if (inSet(sets.blocked)) return "blocked";
  if (inSet(sets.internal)) return "internal";
  if (inSet(sets.trusted)) return "trusted";
  return "external";
}
