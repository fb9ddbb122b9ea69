/**
 * Email addresses and domain names as Office hands them over: parsing, IDNA conversion, comparison.
 * Every function here is total: malformed input gives `undefined` or `{ ok: false }`, never an exception.
 */
import { toASCII, toUnicode } from "punycode/";
import type { RecipientInput, RecipientType } from "./types";

/** An address reduced to one canonical spelling. */
export interface ParsedAddress {
  /** `local@domain`, lower-case, domain in ASCII (A-label) form. */
  address: string;
  /** The local part, lower-case (NFC); a quoted local part keeps its quotes unless it needs none. */
  local: string;
  /** Lower-case ASCII domain, e.g. `xn--bcher-kva.de`. */
  domain: string;
  /** The display name, when the text had one (`"Smith, J" <j.smith@nhs.net>`). */
  displayName?: string;
}

/** One recipient after parsing: either a usable address, or the text that could not be read. */
export type RecipientParse =
  | {
      ok: true;
      address: string;
      local: string;
      domain: string;
      displayName?: string;
      recipientType?: RecipientType;
      /** The recipient exactly as Office gave it. */
      input: RecipientInput;
    }
  | {
      ok: false;
      /** The trimmed text that was not an address (`emailAddress`, else `displayName`); may be empty. */
      raw: string;
      input: RecipientInput;
    };

/** RFC 5321 §4.5.3.1: the longest domain (octets, without a trailing dot), label and local part. */
const MAX_DOMAIN_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
const MAX_LOCAL_LENGTH = 64;
/** RFC 5321's 256-octet path less its angle brackets. */
const MAX_ADDRESS_LENGTH = 254;
/** Longer input is refused before any work, so hostile strings cost nothing. */
const MAX_INPUT_LENGTH = 2048;

/** Full stops that UTS #46 treats as label separators (ideographic, full-width, half-width). */
const DOT_LIKE = /[\u3002\uFF0E\uFF61]/g;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const ALL_DIGITS = /^[0-9]+$/;
const NON_ASCII = /[\u0080-\u{10FFFF}]/u;
/**
 * What a Unicode label may hold before conversion: letters, marks, digits and hyphens. This stands in
 * for IDNA2008's PVALID set; it refuses spaces, symbols, emoji and invisible characters (ZWSP, ZWJ)
 * that punycode would otherwise encode without complaint.
 */
const UNICODE_LABEL = /^[\p{L}\p{M}\p{N}-]+$/u;
/** RFC 5322 atext, widened by RFC 6532 to non-ASCII letters, marks and digits. */
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\p{L}\p{M}\p{N}-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\p{L}\p{M}\p{N}-]+)*$/u;
/** Characters a quoted local part may hold besides escapes: printable ASCII and non-ASCII letters etc. */
const QUOTED_CHAR = /^[\x20-\x7E\p{L}\p{M}\p{N}]$/u;
const WHITESPACE = /\s/u;
/** URI schemes people paste in front of an address (`mailto:`) or Exchange shows (`SMTP:` proxy addresses). */
const SCHEME = /^(?:mailto|smtp):/i;

/**
 * Converts a domain to its lower-case ASCII (A-label) form, the spelling every comparison uses.
 *
 * Steps: trim, NFKC, map ideographic full stops to `.`, lower-case, drop one trailing dot, convert each
 * non-ASCII label with punycode. An `xn--` label must decode and round-trip to itself.
 *
 * Returns `undefined` unless the result is a host name: at least two labels, each 1–63 letters, digits
 * or hyphens not starting or ending with a hyphen, at most 253 characters, and a top-level label that
 * is not all digits (so `10.0.0.1` is not a domain). Domain literals (`[10.0.0.1]`) are refused.
 * Never throws.
 */
export function toAsciiDomain(domain: string): string | undefined {
  if (typeof domain !== "string" || domain.length > MAX_INPUT_LENGTH) return undefined;
  // NFKC, lower-case, NFKC again: lower-casing can leave text that NFKC changes (UTS #46 §4, step 1).
  let text = domain.trim().normalize("NFKC").replace(DOT_LIKE, ".").toLowerCase().normalize("NFKC");
  if (text.endsWith(".")) text = text.slice(0, -1);
  const labels = text.split(".");
  if (labels.length < 2) return undefined;
  const ascii: string[] = [];
  for (const label of labels) {
    const converted = labelToAscii(label);
    if (converted === undefined) return undefined;
    ascii.push(converted);
  }
  const result = ascii.join(".");
  if (result.length > MAX_DOMAIN_LENGTH) return undefined;
  if (ALL_DIGITS.test(ascii[ascii.length - 1] ?? "")) return undefined;
  return result;
}

function labelToAscii(label: string): string | undefined {
  let ascii: string;
  if (label.startsWith("xn--")) {
    const unicode = safeToUnicode(label);
    // An A-label must stand for a non-ASCII U-label that converts back to exactly this spelling.
    if (unicode === undefined || !NON_ASCII.test(unicode) || !UNICODE_LABEL.test(unicode)) return undefined;
    if (safeToAscii(unicode.normalize("NFKC").toLowerCase()) !== label) return undefined;
    ascii = label;
  } else {
    if (!UNICODE_LABEL.test(label)) return undefined;
    const converted = safeToAscii(label);
    if (converted === undefined) return undefined;
    ascii = converted;
  }
  if (ascii.length > MAX_LABEL_LENGTH || !LDH_LABEL.test(ascii)) return undefined;
  return ascii;
}

/** punycode throws `RangeError` on overflow; turn that into `undefined`. */
function safeToAscii(label: string): string | undefined {
  try {
    return toASCII(label);
  } catch {
    return undefined;
  }
}

function safeToUnicode(label: string): string | undefined {
  try {
    return toUnicode(label);
  } catch {
    return undefined;
  }
}

/**
 * The Unicode (U-label) form of a domain, for showing to people: each `xn--` label is decoded, and a
 * label that does not decode is left as it is. Show it beside the ASCII form when warning about
 * look-alikes: the Unicode form is exactly what a homograph attack relies on. Never throws.
 */
export function toUnicodeDomain(domain: string): string {
  if (typeof domain !== "string") return "";
  return domain
    .split(".")
    .map((label) => (label.toLowerCase().startsWith("xn--") ? (safeToUnicode(label.toLowerCase()) ?? label) : label))
    .join(".");
}

/**
 * Reads one address in any form a person or Office may produce:
 * `a@b.com`, ` A@B.COM `, `<a@b.com>`, `"Smith, J" <j.smith@nhs.net>`, `Smith J <j@x.org>`,
 * `mailto:a@b.com` (a `?query` is dropped, `%xx` decoded), `SMTP:a@b.com`, and Unicode domains
 * (`a@bücher.de` gives domain `xn--bcher-kva.de`).
 *
 * The local part is a dot-atom or a quoted string, at most 64 octets; the domain goes through
 * {@link toAsciiDomain}. Returns `undefined` for anything else: a missing `@`, a second `@` outside
 * quotes, empty parts, spaces outside quotes, domain literals. Never throws.
 */
export function parseAddress(text: string): ParsedAddress | undefined {
  if (typeof text !== "string" || text.length > MAX_INPUT_LENGTH) return undefined;
  const trimmed = text.trim();
  const angle = splitAngleForm(trimmed);
  const spec = angle ? angle.spec : trimmed;
  const unschemed = stripScheme(spec);
  const parsed = unschemed === undefined ? undefined : parseAddrSpec(unschemed);
  if (!parsed) return undefined;
  const displayName = angle ? cleanDisplayName(angle.display) : undefined;
  return displayName === undefined ? parsed : { ...parsed, displayName };
}

/** Splits `Name <spec>` when the text ends in `>` and has a `<` outside any quoted string. */
function splitAngleForm(text: string): { display: string; spec: string } | undefined {
  if (!text.endsWith(">")) return undefined;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes && c === "\\") {
      i++;
    } else if (c === '"') {
      inQuotes = !inQuotes;
    } else if (!inQuotes && c === "<") {
      return { display: text.slice(0, i), spec: text.slice(i + 1, -1).trim() };
    }
  }
  return undefined;
}

/** Drops the quotes Outlook and RFC 5322 put round display names; empty names become `undefined`. */
function cleanDisplayName(display: string): string | undefined {
  let name = display.trim();
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) {
    name = name.slice(1, -1).replace(/\\(.)/gu, "$1");
  } else if (name.length >= 2 && name.startsWith("'") && name.endsWith("'")) {
    name = name.slice(1, -1);
  }
  name = name.trim();
  return name === "" ? undefined : name;
}

/** Drops a `mailto:` or `SMTP:` prefix; `undefined` for a `mailto:` URI whose `%` escapes are malformed. */
function stripScheme(spec: string): string | undefined {
  const match = SCHEME.exec(spec);
  if (!match) return spec;
  let rest = spec.slice(match[0].length);
  if (match[0].toLowerCase() === "mailto:") {
    const query = rest.indexOf("?");
    if (query >= 0) rest = rest.slice(0, query);
    try {
      rest = decodeURIComponent(rest);
    } catch {
      return undefined;
    }
  }
  return rest;
}

function parseAddrSpec(spec: string): ParsedAddress | undefined {
  let local: string;
  let domainText: string;
  if (spec.startsWith('"')) {
    const quoted = readQuotedLocal(spec);
    if (!quoted) return undefined;
    local = quoted.local;
    domainText = spec.slice(quoted.end + 1);
    if (spec[quoted.end] !== "@") return undefined;
  } else {
    const at = spec.indexOf("@");
    if (at < 0 || spec.indexOf("@", at + 1) >= 0) return undefined;
    local = spec.slice(0, at).normalize("NFC");
    if (!DOT_ATOM.test(local)) return undefined;
    domainText = spec.slice(at + 1);
  }
  if (domainText === "" || WHITESPACE.test(domainText)) return undefined;
  const domain = toAsciiDomain(domainText);
  if (domain === undefined) return undefined;
  local = local.toLowerCase();
  if (utf8Length(local) > MAX_LOCAL_LENGTH) return undefined;
  const address = `${local}@${domain}`;
  if (utf8Length(address) > MAX_ADDRESS_LENGTH) return undefined;
  return { address, local, domain };
}

/**
 * Reads `"..."` at the start of `spec`. Returns the canonical local part (bare when the content is a
 * plain dot-atom, so `"j.smith"@x` equals `j.smith@x`) and the index just past the closing quote.
 */
function readQuotedLocal(spec: string): { local: string; end: number } | undefined {
  let content = "";
  let i = 1;
  for (;;) {
    const c = spec[i];
    if (c === undefined) return undefined;
    if (c === '"') break;
    if (c === "\\") {
      const escaped = spec[i + 1];
      if (escaped === undefined || !QUOTED_CHAR.test(escaped)) return undefined;
      content += escaped;
      i += 2;
    } else {
      if (!QUOTED_CHAR.test(c)) return undefined;
      content += c;
      i++;
    }
  }
  content = content.normalize("NFC");
  if (content === "") return undefined;
  const local = DOT_ATOM.test(content) ? content : `"${content.replace(/["\\]/g, "\\$&")}"`;
  return { local, end: i + 1 };
}

/** Octets in the UTF-8 encoding, counted without TextEncoder (not in ES2022). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Reads a recipient as Office hands it over. Office sometimes leaves `emailAddress` empty and puts the
 * address in `displayName`, or puts a display form (`Name <a@b>`) in `emailAddress`; so
 * `emailAddress` is tried first, then `displayName`. The display name is kept unless it merely
 * repeats the address. Never throws, even for objects that do not match {@link RecipientInput}.
 */
export function parseRecipient(input: RecipientInput): RecipientParse {
  const fields = (typeof input === "object" && input !== null ? input : {}) as Partial<Record<keyof RecipientInput, unknown>>;
  const email = typeof fields.emailAddress === "string" ? fields.emailAddress : "";
  const display = typeof fields.displayName === "string" ? fields.displayName : "";
  const parsed = parseAddress(email) ?? parseAddress(display);
  if (!parsed) {
    return { ok: false, raw: email.trim() !== "" ? email.trim() : display.trim(), input };
  }
  const displayName = parsed.displayName ?? displayNameFrom(display, parsed.address);
  const recipientType = typeof fields.recipientType === "string" ? (fields.recipientType as RecipientType) : undefined;
  return {
    ok: true,
    address: parsed.address,
    local: parsed.local,
    domain: parsed.domain,
    ...(displayName === undefined ? {} : { displayName }),
    ...(recipientType === undefined ? {} : { recipientType }),
    input,
  };
}

/** The `displayName` field as a name: its own display part if it is an address form, else the text. */
function displayNameFrom(display: string, address: string): string | undefined {
  const own = parseAddress(display);
  if (own && own.address === address) return own.displayName;
  const trimmed = display.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** The key two spellings of one address share (canonical address, or the lower-cased text) and its entry. */
function addressKey(text: string): { key: string; entry: string } {
  const address = parseAddress(text)?.address;
  if (address !== undefined) return { key: address, entry: address };
  const trimmed = typeof text === "string" ? text.trim() : "";
  return { key: trimmed.toLowerCase(), entry: trimmed };
}

/**
 * Whether two texts name the same address, ignoring case, display names and `mailto:`
 * (`"J" <J@X.ORG>` equals `j@x.org`). Texts that are not addresses are compared trimmed and
 * case-insensitively, so the relation stays reflexive.
 */
export function sameAddress(a: string, b: string): boolean {
  return addressKey(a).key === addressKey(b).key;
}

/**
 * One entry per distinct address, in first-seen order. An entry is the canonical address
 * ({@link ParsedAddress.address}) when the text parses, otherwise the trimmed text of its first
 * occurrence (compared case-insensitively). Blank entries are dropped.
 */
export function dedupeAddresses(addresses: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const text of addresses) {
    const { key, entry } = addressKey(text);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    result.push(entry);
  }
  return result;
}

/**
 * The domain of an address already in normalized form (`local@domain`, as {@link parseAddress} and
 * the directory return it), without parsing it again; `undefined` when there is no "@".
 */
export function domainPart(address: string): string | undefined {
  const at = address.lastIndexOf("@");
  return at < 0 ? undefined : address.slice(at + 1);
}
