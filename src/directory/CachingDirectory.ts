import type { ListExpansion } from "../core/types";
import { raceAbort, throwIfAborted } from "./abort";
import type { Directory, DirectoryCallOptions, ListMembers } from "./Directory";
import { cloneExpansion, unknownExpansion } from "./expansions";

/**
 * A Directory decorator that remembers each list's expansion for `ttlMs` and shares work in flight:
 * two overlapping `expandLists` calls ask the inner directory once per list. Failures are never
 * remembered — neither rejections nor lists that came back "unknown".
 *
 * Shared work and deadlines: a flight started by one caller keeps running while any caller still
 * waits for it; it is cancelled (its signal fires) only when every waiting caller's signal has fired.
 * Each caller is released by its own signal at once, with its own `directory_timeout` / `directory_aborted`.
 */

export interface CachingDirectoryOptions {
  /** The directory that does the work. */
  directory: Directory;
  /** How long a list's expansion is reused, in milliseconds. @default 600000 (10 minutes) */
  ttlMs?: number;
  /** Milliseconds on a monotonic-enough clock. @default Date.now */
  now?: () => number;
  /** Lists remembered at most; the least recently stored go first. @default 1000 */
  maxEntries?: number;
}

export const DEFAULT_CACHE_TTL_MS = 10 * 60 * 1000;

interface Entry {
  expansion: ListExpansion;
  expiresAt: number;
}

/** One inner `expandLists` call shared by every caller that needs one of its lists. */
class Flight {
  private readonly controller = new AbortController();
  private waiters = 0;
  /** True once every caller has given up: new callers must start a new flight. */
  abandoned = false;
  readonly result: Promise<ListExpansion[]>;

  constructor(inner: Directory, readonly lists: readonly string[]) {
    this.result = inner.expandLists(lists, { signal: this.controller.signal });
    this.result.catch(() => undefined); // callers observe it; an abandoned flight must not leak a rejection
  }

  /** Registers a caller; returns the function to call when that caller gives up. */
  join(signal: AbortSignal | undefined): () => void {
    if (!signal) {
      // A caller without a signal waits for ever, so the flight can never be abandoned.
      this.waiters = Number.POSITIVE_INFINITY;
      return () => undefined;
    }
    this.waiters += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.waiters -= 1;
      if (this.waiters <= 0) {
        this.abandoned = true;
        this.controller.abort(signal.reason);
      }
    };
  }
}

function normalize(address: string): string {
  return address.trim().toLowerCase();
}

/** The caching, deduplicating Directory decorator. */
export class CachingDirectory implements Directory {
  private readonly inner: Directory;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly maxEntries: number;
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, { flight: Flight; index: number }>();

  constructor(options: CachingDirectoryOptions) {
    this.inner = options.directory;
    this.ttlMs = options.ttlMs !== undefined && options.ttlMs >= 0 ? options.ttlMs : DEFAULT_CACHE_TTL_MS;
    this.now = options.now ?? (() => Date.now());
    this.maxEntries = options.maxEntries !== undefined && options.maxEntries >= 1 ? Math.floor(options.maxEntries) : 1000;
  }

  /**
   * Like the inner directory's `expandLists`, answering remembered lists from memory and joining
   * lists already being fetched. Rejects with what the inner directory rejects with, and with
   * `directory_timeout` / `directory_aborted` when `signal` fires.
   */
  async expandLists(addresses: readonly string[], options: DirectoryCallOptions = {}): Promise<ListExpansion[]> {
    const signal = options.signal;
    throwIfAborted(signal);
    const lists = addresses.map(normalize);
    const now = this.now();
    const found = new Map<string, ListExpansion>();
    const waits = new Map<string, { flight: Flight; index: number }>();
    const missing: string[] = [];
    for (const list of lists) {
      if (found.has(list) || waits.has(list) || missing.indexOf(list) >= 0) continue;
      const entry = this.entries.get(list);
      if (entry && entry.expiresAt > now) {
        found.set(list, entry.expansion);
        continue;
      }
      if (entry) this.entries.delete(list);
      const shared = this.inFlight.get(list);
      if (shared && !shared.flight.abandoned) waits.set(list, shared);
      else missing.push(list);
    }
    if (missing.length > 0) {
      const flight = new Flight(this.inner, missing);
      missing.forEach((list, index) => {
        this.inFlight.set(list, { flight, index });
        waits.set(list, { flight, index });
      });
      this.settle(flight);
    }
    if (waits.size > 0) {
      const flights: Flight[] = [];
      waits.forEach(({ flight }) => {
        if (flights.indexOf(flight) < 0) flights.push(flight);
      });
      const leaves = flights.map((flight) => flight.join(signal));
      const leaveAll = (): void => leaves.forEach((leave) => leave());
      signal?.addEventListener("abort", leaveAll, { once: true });
      try {
        const results = await raceAbort(Promise.all(flights.map((flight) => flight.result)), signal);
        waits.forEach(({ flight, index }, list) => {
          const expansion = results[flights.indexOf(flight)]?.[index];
          if (expansion !== undefined) found.set(list, expansion);
        });
      } finally {
        signal?.removeEventListener("abort", leaveAll);
        // Done with every flight, whether by success, failure or abort: flights still running that
        // no one else waits for may stop (e.g. one flight failed this call while another runs on).
        leaveAll();
      }
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

  /** Forgets every remembered list (e.g. after the user edits a list). Flights in progress are unaffected. */
  clear(): void {
    this.entries.clear();
  }

  /** Stores a flight's usable answers when it lands and releases its lists either way. */
  private settle(flight: Flight): void {
    const release = (): void => {
      flight.lists.forEach((list) => {
        if (this.inFlight.get(list)?.flight === flight) this.inFlight.delete(list);
      });
    };
    flight.result.then(
      (results) => {
        release();
        const expiresAt = this.now() + this.ttlMs;
        flight.lists.forEach((list, index) => {
          const expansion = results[index];
          if (expansion === undefined || expansion.source === "unknown" || expansion.errorCode !== undefined) return;
          this.entries.delete(list);
          this.entries.set(list, { expansion: cloneExpansion(expansion), expiresAt });
        });
        while (this.entries.size > this.maxEntries) {
          const oldest = this.entries.keys().next();
          if (oldest.done === true) break;
          this.entries.delete(oldest.value);
        }
      },
      release,
    );
  }
}
