import type { ListExpansion } from "../core/types";
import { throwIfAborted } from "./abort";
import type { Directory, DirectoryCallOptions, ListMembers } from "./Directory";
import { cloneExpansion, unknownExpansion } from "./expansions";
import { expansionFromJson, expansionToJson, isCount, isStorable } from "./expansionJson";
import { sha256, toHex, utf8 } from "./listIndex/sha256";

/**
 * A Directory decorator that remembers each list's size for the person across messages, and across
 * Outlook restarts where the client keeps storage (issue: the guard must not become the storm — list
 * sizes change slowly, and every Graph request is paid from a budget the whole tenant shares).
 *
 * - Read through: a list learned less than `ttlMs` ago is answered from the record, with `asOf` set to
 *   when it was learned (the verdict reports it as it reports the tenant list index's age); only the
 *   others are asked of the inner directory.
 * - Never remembered: rejections, `unknown` lists, answers a failing part stood behind (`errorCode`,
 *   whatever else came with them) and the index's own answers (they carry their own age). The same
 *   rules as the prefetch (directory/expansionJson.ts `isStorable`).
 * - One record under the store's key: `{ v: 1, lists: { <key>: { at, list, partial? } } }`, `<key>` the
 *   first 32 hex digits of SHA-256 of the normalised list address, so the record does not spell out
 *   which lists the person writes to; `list` is what the verdict reads of it (expansionJson's form,
 *   without the address). At most `maxEntries` lists and `maxChars` characters: the oldest go first.
 *   Anything malformed — the record, or one entry of it — is ignored, never thrown.
 * - Outsiders: an inner directory told not to count a list's outsiders (countPlan.ts) answers with an
 *   open bound; such an answer is marked `partial` and used only while this decorator is configured the
 *   same way, never where the outsiders' count may decide.
 *
 * The store is loaded once per instance (one per runtime: classic Outlook starts one per event) and
 * written after every answer that taught it something; a store that fails or is absent leaves the
 * runtime's memory, which still serves every later message of a long-lived runtime.
 */

/** The storage port: one string record. The office layer adapts `OfficeRuntime.storage` (bounded, never rejecting). */
export interface ListSizeStore {
  load(): Promise<string | undefined>;
  save(text: string): Promise<unknown>;
}

export interface RememberingDirectoryOptions {
  /** The directory that does the work. */
  directory: Directory;
  /** Where the record lives between runtimes. @default none: this instance's memory only */
  store?: ListSizeStore;
  /** How long a learned size is reused, ms (policy `directory.listCacheHours`). */
  ttlMs: number;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
  /** @default DEFAULT_LIST_CACHE_ENTRIES */
  maxEntries?: number;
  /** @default DEFAULT_LIST_CACHE_CHARS */
  maxChars?: number;
  /**
   * Whether the inner directory counts every list's outsiders. False when the policy lets it skip them
   * (countPlan.ts); then its answers are remembered as partial. @default true
   */
  countsOutsiders?: boolean;
}

/** Lists remembered at most. */
export const DEFAULT_LIST_CACHE_ENTRIES = 200;
/**
 * Characters the record may take: well inside `OfficeRuntime.storage`'s 10 MB per domain, and small
 * enough to read and parse within the store's 300 ms budget on the slowest client.
 */
export const DEFAULT_LIST_CACHE_CHARS = 250_000;

const RECORD_VERSION = 1;
const KEY_HEX_LENGTH = 32;
const KEY_DOMAIN = "audience-guard:list-size:";

interface Entry {
  /** When the list was learned, ms since the epoch. */
  at: number;
  /** What the verdict reads of the list, without its address. */
  list: Omit<ReturnType<typeof expansionToJson>, "address">;
  /** Learned without counting its outsiders. */
  partial?: true;
}

/** The record's key for a list address. */
export function listSizeKey(address: string): string {
  return toHex(sha256(utf8(`${KEY_DOMAIN}${normalize(address)}`))).slice(0, KEY_HEX_LENGTH);
}

function normalize(address: string): string {
  return address.trim().toLowerCase();
}

/** The entries of a stored record; malformed entries are left out, a malformed record is empty. */
export function parseListSizes(text: string | undefined): Map<string, Entry> {
  const out = new Map<string, Entry>();
  if (text === undefined) return out;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return out;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return out;
  const { v, lists } = raw as { v?: unknown; lists?: unknown };
  if (v !== RECORD_VERSION || typeof lists !== "object" || lists === null || Array.isArray(lists)) return out;
  for (const [key, value] of Object.entries(lists as Record<string, unknown>)) {
    if (!/^[0-9a-f]+$/.test(key) || key.length !== KEY_HEX_LENGTH || typeof value !== "object" || value === null) continue;
    const { at, list, partial } = value as { at?: unknown; list?: unknown; partial?: unknown };
    if (!isCount(at) || typeof list !== "object" || list === null || (partial !== undefined && partial !== true)) continue;
    // The address is not stored; any placeholder lets the one reader check the rest.
    const parsed = expansionFromJson({ ...list, address: "-" });
    if (!parsed || !isStorable(parsed) || parsed.source === "index") continue;
    const { address: _none, ...stored } = expansionToJson(parsed);
    out.set(key, { at, list: stored, ...(partial === true ? { partial: true as const } : {}) });
  }
  return out;
}

/** The Directory decorator that remembers list sizes. See the module comment. */
export class RememberingDirectory implements Directory {
  private readonly inner: Directory;
  private readonly store: ListSizeStore | undefined;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly maxEntries: number;
  private readonly maxChars: number;
  private readonly countsOutsiders: boolean;
  private entries: Promise<Map<string, Entry>> | undefined;

  constructor(options: RememberingDirectoryOptions) {
    this.inner = options.directory;
    this.store = options.store;
    this.ttlMs = Number.isFinite(options.ttlMs) && options.ttlMs > 0 ? options.ttlMs : 0;
    this.now = options.now ?? (() => Date.now());
    this.maxEntries = options.maxEntries !== undefined && options.maxEntries >= 1 ? Math.floor(options.maxEntries) : DEFAULT_LIST_CACHE_ENTRIES;
    this.maxChars = options.maxChars !== undefined && options.maxChars >= 1 ? Math.floor(options.maxChars) : DEFAULT_LIST_CACHE_CHARS;
    this.countsOutsiders = options.countsOutsiders !== false;
  }

  /** Like the inner directory's; rejects with what it rejects with. Remembered lists cost no request. */
  async expandLists(addresses: readonly string[], options: DirectoryCallOptions = {}): Promise<ListExpansion[]> {
    throwIfAborted(options.signal);
    const lists = addresses.map(normalize);
    const entries = await this.load();
    throwIfAborted(options.signal);
    const now = this.now();
    const found = new Map<string, ListExpansion>();
    const missing: string[] = [];
    for (const list of lists) {
      if (found.has(list) || missing.indexOf(list) >= 0) continue;
      const remembered = this.usable(entries.get(listSizeKey(list)), now);
      const expansion = remembered ? expansionFromJson({ ...remembered.list, address: list }) : undefined;
      if (remembered && expansion) found.set(list, { ...expansion, asOf: new Date(remembered.at).toISOString() });
      else missing.push(list);
    }
    if (missing.length > 0) {
      const fetched = await this.inner.expandLists(missing, options);
      const learned: [string, ListExpansion][] = [];
      missing.forEach((list, i) => {
        const expansion = fetched[i];
        if (expansion === undefined) return;
        found.set(list, expansion);
        if (isStorable(expansion) && expansion.source !== "index") learned.push([list, expansion]);
      });
      if (learned.length > 0) this.remember(entries, learned, this.now());
    }
    return lists.map((list) => {
      const expansion = found.get(list);
      return expansion ? { ...cloneExpansion(expansion), address: list } : unknownExpansion(list, "unexpected");
    });
  }

  /** Passed through: enumerations are rare, large and budget-dependent, so they are not remembered. */
  listMembers(address: string, options: DirectoryCallOptions & { budget: number }): Promise<ListMembers> {
    return this.inner.listMembers(address, options);
  }

  private usable(entry: Entry | undefined, now: number): Entry | undefined {
    if (!entry || !this.isFresh(entry, now)) return undefined;
    // A partial answer only where outsiders are not counted anyway.
    return entry.partial && this.countsOutsiders ? undefined : entry;
  }

  /** Learned less than `ttlMs` ago; a time in the future (a clock set back) is not trusted. */
  private isFresh(entry: Entry, now: number): boolean {
    const age = now - entry.at;
    return age >= 0 && age < this.ttlMs;
  }

  private load(): Promise<Map<string, Entry>> {
    if (!this.entries) {
      const store = this.store;
      this.entries = store
        ? Promise.resolve()
            .then(() => store.load())
            .then(parseListSizes, () => new Map<string, Entry>())
        : Promise.resolve(new Map<string, Entry>());
    }
    return this.entries;
  }

  private remember(entries: Map<string, Entry>, learned: readonly [string, ListExpansion][], at: number): void {
    for (const [list, expansion] of learned) {
      const { address: _none, ...stored } = expansionToJson(expansion);
      const key = listSizeKey(list);
      entries.delete(key);
      entries.set(key, { at, list: stored, ...(this.countsOutsiders ? {} : { partial: true as const }) });
    }
    // Expired entries first, then the oldest, while too many or too long.
    for (const [key, entry] of entries) if (!this.isFresh(entry, at)) entries.delete(key);
    const oldestFirst = (): string | undefined => {
      let oldest: [string, number] | undefined;
      entries.forEach((entry, key) => {
        if (!oldest || entry.at < oldest[1]) oldest = [key, entry.at];
      });
      return oldest?.[0];
    };
    while (entries.size > this.maxEntries) {
      const key = oldestFirst();
      if (key === undefined) break;
      entries.delete(key);
    }
    let text = encode(entries);
    while (text.length > this.maxChars && entries.size > 0) {
      const key = oldestFirst();
      if (key === undefined) break;
      entries.delete(key);
      text = encode(entries);
    }
    const store = this.store;
    if (store) void Promise.resolve().then(() => store.save(text)).catch(() => undefined);
  }
}

function encode(entries: ReadonlyMap<string, Entry>): string {
  const lists: Record<string, Entry> = {};
  entries.forEach((entry, key) => {
    lists[key] = entry;
  });
  return JSON.stringify({ v: RECORD_VERSION, lists });
}

/**
 * The directory a check uses given the policy's `directory.listCacheHours`: the directory itself when
 * it is 0 (off), else a RememberingDirectory over it, on `store` where the client keeps storage.
 */
export function withListCache(
  directory: Directory,
  listCacheHours: number,
  options: { store?: ListSizeStore; now?: () => number; countsOutsiders?: boolean } = {},
): Directory {
  if (!(listCacheHours > 0)) return directory;
  return new RememberingDirectory({
    directory,
    ttlMs: listCacheHours * 3_600_000,
    ...(options.store ? { store: options.store } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.countsOutsiders === false ? { countsOutsiders: false } : {}),
  });
}
