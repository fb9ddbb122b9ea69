/**
 * The storage a client keeps between runtimes: `OfficeRuntime.storage`, a string key/value store of
 * up to 10 MB per domain that the JavaScript-only runtime of classic Outlook provides as well as the
 * browser runtimes (office-js-docs-pr: testing/runtimes.md, "JavaScript-only runtime";
 * excel/custom-functions-save-state.md for the 10 MB). Classic Outlook starts a fresh runtime for
 * every event, so this is what lets a Send reuse what an earlier event fetched.
 *
 * It is not trusted to be there or to be fast: it is reported unreliable inside send handlers on
 * classic Windows (OfficeDev/office-js#6106, #6728). Every read and write is bounded in time and
 * never rejects; a store that fails, hangs or is absent simply holds nothing.
 *
 * This module imports nothing that could fail while the script starts: the launch-event entry uses
 * it before the checking code is loaded.
 */

/** The port: a string key/value store. Adapter: {@link officeRuntimeStorage}; tests pass a Map-backed double. */
export interface KeyValueStore {
  getItem(key: string): Promise<string | null | undefined>;
  setItem(key: string, value: string): Promise<void>;
}

/** Ceiling on one read or write, ms: a slow store must not eat the 5 s that Outlook gives a Send. */
export const STORE_BUDGET_MS = 300;

/** `OfficeRuntime.storage` where the runtime has it, else `undefined`. Never throws. */
export function officeRuntimeStorage(scope: unknown = globalThis): KeyValueStore | undefined {
  try {
    const runtime = (scope as { OfficeRuntime?: { storage?: Partial<KeyValueStore> } }).OfficeRuntime;
    const storage = runtime?.storage;
    if (!storage || typeof storage.getItem !== "function" || typeof storage.setItem !== "function") return undefined;
    return storage as KeyValueStore;
  } catch {
    return undefined;
  }
}

/** The value under `key`, or `undefined` when there is none, the store fails, or it takes longer than `budgetMs`. */
export function readStored(store: KeyValueStore | undefined, key: string, budgetMs = STORE_BUDGET_MS): Promise<string | undefined> {
  if (!store) return Promise.resolve(undefined);
  return bounded(
    () => store.getItem(key).then((value) => (typeof value === "string" && value !== "" ? value : undefined)),
    budgetMs,
    undefined,
  );
}

/** Writes started and not yet settled; see {@link settleStoreWrites}. */
const pendingWrites = new Set<Promise<boolean>>();

/**
 * Stores `value`; resolves `true` once written, `false` when the store failed or took longer than
 * `budgetMs`. Callers need not wait: {@link settleStoreWrites} does, before the event is completed.
 */
export function writeStored(store: KeyValueStore | undefined, key: string, value: string, budgetMs = STORE_BUDGET_MS): Promise<boolean> {
  if (!store) return Promise.resolve(false);
  const write = bounded(() => store.setItem(key, value).then(() => true), budgetMs, false);
  pendingWrites.add(write);
  void write.then(() => pendingWrites.delete(write));
  return write;
}

/**
 * Resolves once every write started so far has settled (each is bounded by its budget). Classic
 * Outlook ends the runtime when the event is completed (office-js-docs-pr: testing/runtimes.md), so
 * a write still in flight then is presumed lost: the handlers await this before they answer.
 */
export function settleStoreWrites(): Promise<void> {
  return Promise.all([...pendingWrites]).then(() => undefined);
}

function bounded<T>(start: () => Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    const settle = (value: T): void => {
      clearTimeout(timer);
      resolve(value);
    };
    try {
      start().then(settle, () => settle(fallback));
    } catch {
      settle(fallback);
    }
  });
}

/** A stored copy of a file fetched from the add-in's origin, with when it was fetched. */
export interface StoredFile {
  /** When the file was fetched, ms since the epoch. */
  savedAt: number;
  /** The file's text, as fetched. */
  text: string;
}

/** The record's JSON: `{ v: 1, savedAt, text }`. */
export function encodeStoredFile(file: StoredFile): string {
  return JSON.stringify({ v: 1, savedAt: file.savedAt, text: file.text });
}

/** Parses a record; `undefined` for anything that is not exactly a version-1 record. */
export function decodeStoredFile(value: string | undefined): StoredFile | undefined {
  if (value === undefined) return undefined;
  try {
    const raw = JSON.parse(value) as { v?: unknown; savedAt?: unknown; text?: unknown } | null;
    if (!raw || raw.v !== 1 || typeof raw.savedAt !== "number" || !Number.isFinite(raw.savedAt) || typeof raw.text !== "string") return undefined;
    return { savedAt: raw.savedAt, text: raw.text };
  } catch {
    return undefined;
  }
}

/** Whether a record saved at `savedAt` is younger than `maxAgeMs` at `now` (a record from the future is not). */
export function isFresh(savedAt: number, now: number, maxAgeMs: number): boolean {
  const age = now - savedAt;
  return age >= 0 && age < maxAgeMs;
}
