import { hmacSha256, toHex, utf8 } from "./sha256";

/**
 * The tenant list index as published on the add-in's origin (docs/deploying.md, "The tenant list index"):
 *
 * - `index.json`, the manifest: format, version, when it was built, and the salt that keys file names;
 * - `lists/{key}.json`, one small file per list address (aliases included), where `key` is
 *   {@link listFileKey}: an HMAC-SHA-256 of the normalized address under the salt. No file names or
 *   holds a member's address, and no file lists the lists: a reader who can list the files learns how
 *   many there are (rounded up by decoys) and nothing about their addresses without guessing them.
 *
 * Every list file is padded to a multiple of {@link LIST_FILE_BUCKET_BYTES}, so its size says little
 * about how many external domains it names. The job (tools/index) writes these files; the add-in's
 * reader ({@link ./ListIndexReader}) reads them. Both go through this module.
 */

export const INDEX_FORMAT = "audience-guard-list-index";
export const INDEX_VERSION = 1;
/** The manifest's file name under the index's base URL. */
export const INDEX_MANIFEST_FILE = "index.json";
/** The folder of list files under the index's base URL. */
export const LIST_FILE_FOLDER = "lists/";
/** List files are padded to a multiple of this many bytes. */
export const LIST_FILE_BUCKET_BYTES = 512;
/** Hex characters of the key kept in a file name (128 bits). */
const KEY_HEX_LENGTH = 32;

export interface IndexManifest {
  format: typeof INDEX_FORMAT;
  version: typeof INDEX_VERSION;
  /** ISO 8601 time the job finished this build. */
  builtAt: string;
  /** Base64url random bytes, fixed for the life of an index; a full rebuild with a new salt renames every file. */
  salt: string;
}

/** What the index knows about one list. Counts are exact, as Graph's transitive counts were when read. */
export interface IndexEntry {
  v: typeof INDEX_VERSION;
  displayName?: string;
  /** People the list reaches, nested lists expanded (users and contacts). */
  people: number;
  /** External people among them known for certain (guests and contacts, outsiders read by address). */
  external: number;
  /**
   * At most this many external people: members that are neither read nor guests may be mail users
   * with outside addresses (Graph's userType is not the boundary). Absent = `external` is exact.
   */
  externalUpper?: number;
  /** Lower-case domains of the external people, sorted; never their addresses. */
  externalDomains: string[];
  /** How the job counted: Graph's transitive member counts. */
  basis: "groupCounts";
  /** ISO 8601 time the job read these numbers from Graph. */
  asOf: string;
}

/** The lower-case, trimmed form of an address, as every index key is computed from. */
export function normalizeListAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** The file key of a list address under an index's salt. */
export function listFileKey(salt: string, address: string): string {
  return toHex(hmacSha256(utf8(salt), utf8(normalizeListAddress(address)))).slice(0, KEY_HEX_LENGTH);
}

/** The path of a list's file relative to the index's base URL. */
export function listFilePath(key: string): string {
  return `${LIST_FILE_FOLDER}${key}.json`;
}

/** A list file's text: the entry as JSON, padded with spaces to the bucket size. */
export function serializeEntry(entry: IndexEntry): string {
  const json = JSON.stringify(entry);
  const size = utf8(json).length + 1;
  const padded = Math.ceil(size / LIST_FILE_BUCKET_BYTES) * LIST_FILE_BUCKET_BYTES;
  return `${json}${" ".repeat(padded - size)}\n`;
}

function isWhole(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isTime(value: unknown): value is string {
  return typeof value === "string" && !Number.isNaN(Date.parse(value));
}

/** The manifest, or undefined when the value is not one this reader understands. */
export function readManifest(value: unknown): IndexManifest | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.format !== INDEX_FORMAT || m.version !== INDEX_VERSION || !isTime(m.builtAt)) return undefined;
  if (typeof m.salt !== "string" || !/^[A-Za-z0-9_-]{16,}$/.test(m.salt)) return undefined;
  return { format: INDEX_FORMAT, version: INDEX_VERSION, builtAt: m.builtAt, salt: m.salt };
}

/** A list entry, or undefined when anything in it is missing or malformed (never a zero for a bad number). */
export function readEntry(value: unknown): IndexEntry | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const e = value as Record<string, unknown>;
  if (e.v !== INDEX_VERSION || e.basis !== "groupCounts" || !isWhole(e.people) || !isWhole(e.external) || e.external > e.people || !isTime(e.asOf)) return undefined;
  if (!Array.isArray(e.externalDomains) || !e.externalDomains.every((d) => typeof d === "string")) return undefined;
  if (e.displayName !== undefined && typeof e.displayName !== "string") return undefined;
  if (e.externalUpper !== undefined && !(isWhole(e.externalUpper) && e.externalUpper >= e.external && e.externalUpper <= e.people)) return undefined;
  const entry: IndexEntry = { v: INDEX_VERSION, people: e.people, external: e.external, externalDomains: e.externalDomains.slice(), basis: "groupCounts", asOf: e.asOf };
  if (typeof e.externalUpper === "number" && e.externalUpper !== e.external) entry.externalUpper = e.externalUpper;
  if (typeof e.displayName === "string") entry.displayName = e.displayName;
  return entry;
}
