import type { ListExpansion } from "../../core/types";
import { raceAbort, throwIfAborted } from "../abort";
import { INDEX_MANIFEST_FILE, listFileKey, listFilePath, normalizeListAddress, readEntry, readManifest, type IndexManifest } from "./listIndexFormat";

/**
 * Reads the tenant list index from static files (see listIndexFormat.ts): the manifest once per
 * `manifestTtlMs`, then one small file per list asked about. Knows HTTP through an injected `fetch`
 * only: no Office, no DOM, so it ships in the launch-event bundle.
 *
 * The index is a shortcut, never an authority over what it lacks: any failure (no manifest, a 404, a
 * malformed file, an entry older than `maxAgeMs`) leaves the list out of the answer, and the caller
 * asks Microsoft Graph. Only the call's signal firing rejects.
 */

/** The part of `fetch` the reader uses; the global `fetch` fits. */
export type IndexFetch = (url: string, init: { signal?: AbortSignal; credentials?: "same-origin" | "include" }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

/** The port IndexedDirectory consults first. */
export interface ListIndex {
  /**
   * Expansions (source "index", with `asOf`) for the lists the index holds, fresh enough, by
   * lower-case address; lists it lacks are absent. Rejects only with `directory_timeout` /
   * `directory_aborted` when `signal` fires.
   */
  lookup(addresses: readonly string[], options?: { signal?: AbortSignal }): Promise<Map<string, ListExpansion>>;
}

export interface ListIndexReaderOptions {
  /**
   * The index's base URL, absolute, ending in "/" or not. A query string (a CDN or storage token)
   * is kept on every file's URL.
   */
  url: string;
  fetch: IndexFetch;
  /** Entries older than this are treated as absent, in milliseconds (policy `directory.index.maxAgeHours`). */
  maxAgeMs: number;
  /** How long a fetched manifest is reused, in milliseconds. @default 600000 (10 minutes) */
  manifestTtlMs?: number;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
}

export const DEFAULT_MANIFEST_TTL_MS = 10 * 60 * 1000;

export class ListIndexReader implements ListIndex {
  private readonly base: string;
  private readonly query: string;
  private readonly fetchImpl: IndexFetch;
  private readonly maxAgeMs: number;
  private readonly manifestTtlMs: number;
  private readonly now: () => number;
  private manifest: { value: Promise<IndexManifest | undefined>; expiresAt: number } | undefined;

  constructor(options: ListIndexReaderOptions) {
    const q = options.url.indexOf("?");
    const path = q < 0 ? options.url : options.url.slice(0, q);
    this.base = path.endsWith("/") ? path : `${path}/`;
    this.query = q < 0 ? "" : options.url.slice(q);
    this.fetchImpl = options.fetch;
    this.maxAgeMs = options.maxAgeMs;
    this.manifestTtlMs = options.manifestTtlMs ?? DEFAULT_MANIFEST_TTL_MS;
    this.now = options.now ?? (() => Date.now());
  }

  async lookup(addresses: readonly string[], options: { signal?: AbortSignal } = {}): Promise<Map<string, ListExpansion>> {
    const signal = options.signal;
    throwIfAborted(signal);
    const found = new Map<string, ListExpansion>();
    const lists = addresses.map(normalizeListAddress).filter((a, i, all) => all.indexOf(a) === i);
    if (lists.length === 0) return found;
    const manifest = await raceAbort(this.currentManifest(signal), signal);
    if (!manifest) return found;
    const entries = await raceAbort(Promise.all(lists.map((list) => this.entry(manifest, list, signal))), signal);
    entries.forEach((expansion, i) => {
      if (expansion) found.set(lists[i] as string, expansion);
    });
    return found;
  }

  private currentManifest(signal: AbortSignal | undefined): Promise<IndexManifest | undefined> {
    const now = this.now();
    if (this.manifest && this.manifest.expiresAt > now) return this.manifest.value;
    // A failed manifest is not remembered for long: the next Send may find the host back.
    const value = this.getJson(INDEX_MANIFEST_FILE, signal).then(readManifest);
    this.manifest = { value, expiresAt: now + this.manifestTtlMs };
    value.then(
      (m) => {
        if (!m && this.manifest?.value === value) this.manifest = undefined;
      },
      () => undefined,
    );
    return value;
  }

  private async entry(manifest: IndexManifest, list: string, signal: AbortSignal | undefined): Promise<ListExpansion | undefined> {
    const entry = readEntry(await this.getJson(listFilePath(listFileKey(manifest.salt, list)), signal));
    if (!entry) return undefined;
    const age = this.now() - Date.parse(entry.asOf);
    if (!(age <= this.maxAgeMs)) return undefined;
    const expansion: ListExpansion = {
      address: list,
      people: { lower: entry.people, upper: entry.people },
      external: { lower: entry.external, upper: entry.externalUpper ?? entry.external },
      source: "index",
      asOf: entry.asOf,
      externalDomains: entry.externalDomains,
    };
    if (entry.displayName !== undefined) expansion.displayName = entry.displayName;
    return expansion;
  }

  /** The parsed JSON of a file under the base URL; undefined on any failure but the signal firing. */
  private async getJson(path: string, signal: AbortSignal | undefined): Promise<unknown> {
    try {
      const response = await this.fetchImpl(`${this.base}${path}${this.query}`, { ...(signal ? { signal } : {}), credentials: "same-origin" });
      if (!response.ok) return undefined;
      return await response.json();
    } catch {
      throwIfAborted(signal);
      return undefined;
    }
  }
}
