import { raceAbort } from "../../directory/abort";
import { deadlineSignal } from "../../directory/deadline";
import { addinBaseUrl } from "../addinOrigin";
import { decodeStoredFile, encodeStoredFile, isFresh, readStored, writeStored, type KeyValueStore } from "../RuntimeStorage";
import { DomainDataError } from "./DomainDataError";
import { decodeDomainData } from "./domainDataFile";
import { installDomainData, isDomainDataInstalled } from "./domainDataStore";

/**
 * Loads `domain-data.json` (the Public Suffix List trie and the Unicode confusables, see
 * domainDataFile.ts) from the add-in's own origin into this runtime, once. The launch-event script
 * and the task pane (src/taskpane/index.tsx) await it before they parse any domain; the CLI and the
 * tests of everything else use the packages' own copies and never call this.
 *
 * With a `store` (the client's storage, RuntimeStorage.ts) the file as fetched is kept there under
 * {@link DOMAIN_DATA_STORE_KEY}: a fresh runtime — classic Outlook starts one for every event — installs
 * it from there without a request while it is younger than `maxAgeMs`, and falls back to it, however
 * old, when the download fails. A stored copy that this script cannot read (another format or
 * trieFormat, after an update) is ignored and replaced.
 */

/**
 * The trieFormat this script reads, defined by the launch-event and task pane builds (webpack DefinePlugin) from the
 * installed tldts; outside a build it is undefined and any trieFormat is accepted.
 */
declare const DOMAIN_DATA_TRIE_FORMAT: string | undefined;

/** The file's name beside the add-in's pages. */
export const DOMAIN_DATA_FILE = "domain-data.json";
/**
 * Ceiling on one download, ms. Generous on purpose: a Send stops waiting at its own deadline (its
 * `signal`), while the download goes on and serves the next event.
 */
export const DEFAULT_DOMAIN_DATA_FETCH_TIMEOUT_MS = 10_000;
/**
 * How long a failed load is answered from memory before the next event tries again, ms: long enough
 * that a burst of recipient changes does not refetch each time, short enough that Send soon recovers.
 */
export const DEFAULT_DOMAIN_DATA_FAILURE_TTL_MS = 5_000;
/**
 * How long a stored copy is used without asking the origin, ms: one day. The Public Suffix List and
 * the confusables change over months; a day bounds how long a redeployed file takes to reach everyone.
 */
export const DEFAULT_DOMAIN_DATA_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** The storage key of the stored copy (`StoredFile` JSON). */
export const DOMAIN_DATA_STORE_KEY = "audienceGuard.domainData";

/** The absolute URL of `domain-data.json`, beside the add-in's pages (see `addinBaseUrl`). */
export function domainDataUrl(where?: { href?: unknown }): string {
  return `${addinBaseUrl(where)}${DOMAIN_DATA_FILE}`;
}

export interface LoadDomainDataOptions {
  /** Absolute URL of the file, e.g. `domainDataUrl()`. */
  url: string;
  /** @default the global `fetch` */
  fetch?: typeof fetch;
  /** Stops this caller's wait (rejecting with `directory_timeout`/`directory_aborted`), not the shared download. */
  signal?: AbortSignal;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
  /** Ceiling on the download, ms. @default DEFAULT_DOMAIN_DATA_FETCH_TIMEOUT_MS */
  timeoutMs?: number;
  /** How long a failure is remembered, ms. @default DEFAULT_DOMAIN_DATA_FAILURE_TTL_MS */
  failureTtlMs?: number;
  /** The trieFormat to accept. @default the build's (any, outside a build) */
  trieFormat?: string;
  /** The client's storage. @default none: every runtime downloads */
  store?: KeyValueStore;
  /** How long a stored copy is used without a request, ms. @default DEFAULT_DOMAIN_DATA_MAX_AGE_MS */
  maxAgeMs?: number;
}

let inFlight: Promise<void> | undefined;
let lastFailure: { error: DomainDataError; at: number } | undefined;

/**
 * Resolves once the domain data is installed: at once when it already is, else after one shared
 * download (concurrent callers wait for the same one). A failure is remembered for `failureTtlMs`,
 * then the next call tries again; a success is kept for the runtime's lifetime.
 *
 * @throws DomainDataError `domain_data_fetch_failed` (network, timeout, HTTP status),
 *   `domain_data_invalid` (not JSON, or malformed), `domain_data_incompatible` (built for another script);
 *   GuardError `directory_aborted`/`directory_timeout` when `signal` fires first
 */
export function loadDomainData(options: LoadDomainDataOptions): Promise<void> {
  if (isDomainDataInstalled()) return Promise.resolve();
  const now = options.now ?? (() => Date.now());
  if (!inFlight) {
    if (lastFailure && now() - lastFailure.at < (options.failureTtlMs ?? DEFAULT_DOMAIN_DATA_FAILURE_TTL_MS)) {
      return Promise.reject(lastFailure.error);
    }
    const download = downloadDomainData(options).then(
      () => {
        inFlight = undefined;
        lastFailure = undefined;
      },
      (error: unknown) => {
        inFlight = undefined;
        const failure = error instanceof DomainDataError ? error : new DomainDataError("domain_data_fetch_failed", undefined, { cause: error });
        lastFailure = { error: failure, at: now() };
        throw failure;
      },
    );
    inFlight = download;
  }
  return raceAbort(inFlight, options.signal);
}

async function downloadDomainData(options: LoadDomainDataOptions): Promise<void> {
  const now = options.now ?? (() => Date.now());
  const trieFormat = options.trieFormat ?? (typeof DOMAIN_DATA_TRIE_FORMAT === "string" ? DOMAIN_DATA_TRIE_FORMAT : undefined);
  const install = (text: string): void => installDomainData(decodeDomainData(parse(text), { trieFormat }));
  const stored = decodeStoredFile(await readStored(options.store, DOMAIN_DATA_STORE_KEY));
  if (stored && isFresh(stored.savedAt, now(), options.maxAgeMs ?? DEFAULT_DOMAIN_DATA_MAX_AGE_MS) && tryInstall(install, stored.text)) return;
  let text: string;
  try {
    text = await fetchText(options);
  } catch (error) {
    if (stored && tryInstall(install, stored.text)) return;
    throw error;
  }
  install(text);
  // Not awaited: the write is bounded and must not delay the check.
  void writeStored(options.store, DOMAIN_DATA_STORE_KEY, encodeStoredFile({ savedAt: now(), text }));
}

/** Installs `text`; false when it is not data this script can read. */
function tryInstall(install: (text: string) => void, text: string): boolean {
  try {
    install(text);
    return true;
  } catch {
    return false;
  }
}

async function fetchText(options: LoadDomainDataOptions): Promise<string> {
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const { signal, dispose } = deadlineSignal(options.timeoutMs ?? DEFAULT_DOMAIN_DATA_FETCH_TIMEOUT_MS);
  try {
    const response = await raceAbort(fetchImpl(options.url, { signal }), signal);
    if (!response.ok) throw new DomainDataError("domain_data_fetch_failed", `HTTP ${response.status}.`);
    return await raceAbort(response.text(), signal);
  } catch (error) {
    if (error instanceof DomainDataError) throw error;
    throw new DomainDataError("domain_data_fetch_failed", undefined, { cause: error });
  } finally {
    dispose();
  }
}

/** @throws DomainDataError `domain_data_invalid` when `text` is not JSON */
function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DomainDataError("domain_data_invalid", "The file is not JSON.", { cause: error });
  }
}
