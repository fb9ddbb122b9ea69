import { domainPart, parseAddress, toAsciiDomain } from "../../core/address";
import { raceAbort } from "../../directory/abort";
import { deadlineSignal } from "../../directory/deadline";
import { addinBaseUrl } from "../addinOrigin";
import { decodeStoredFile, encodeStoredFile, isFresh, readStored, writeStored, type KeyValueStore } from "../RuntimeStorage";
import { DomainDataError } from "./DomainDataError";
import { CONFUSABLES_PATH, PSL_BUCKETS, bucketOf, decodeConfusables, decodeDomainData, decodePslBucket, pslBucketPath } from "./domainDataFile";
import { installConfusables, installPslBuckets, installWholePsl, isConfusablesInstalled, isPslBucketInstalled } from "./domainDataStore";

/**
 * Loads the domain data (the Public Suffix List and the Unicode confusables, see domainDataFile.ts)
 * from the add-in's own origin into this runtime:
 *
 * - {@link ensureDomains} (the launch event): the confusables once, and the Public Suffix List bucket
 *   of each TLD the given domains end in, the missing ones at once in parallel;
 * - {@link loadDomainData} (the task pane): `domain-data.json`, every TLD and the confusables.
 *
 * Each file is downloaded once per runtime, shared by concurrent callers; a failure is remembered for
 * `failureTtlMs`, then the next call tries again. With a `store` (the client's storage,
 * RuntimeStorage.ts) each file as fetched is kept there, one key per file: a fresh runtime — classic
 * Outlook starts one for every event — installs it from there without a request while it is younger
 * than `maxAgeMs`, and falls back to it, however old, when the download fails. A stored copy that
 * this script cannot read (another format or trieFormat, after an update) is ignored and replaced.
 * The CLI and the tests of everything else use the packages' own copies and never call this.
 */

/**
 * The trieFormat this script reads, defined by the launch-event and task pane builds (webpack DefinePlugin) from the
 * installed tldts; outside a build it is undefined and any trieFormat is accepted.
 */
declare const DOMAIN_DATA_TRIE_FORMAT: string | undefined;

/** The whole file's name beside the add-in's pages. */
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
/** The storage key of the whole file's stored copy (`StoredFile` JSON). */
export const DOMAIN_DATA_STORE_KEY = "audienceGuard.domainData";
/** The storage key of a file below `domain-data/`: `audienceGuard.domainData/psl-12.json`. */
export function domainDataStoreKey(path: string): string {
  return `${DOMAIN_DATA_STORE_KEY}/${path.replace(/^domain-data\//, "")}`;
}

/** The absolute URL of `domain-data.json`, beside the add-in's pages (see `addinBaseUrl`). */
export function domainDataUrl(where?: { href?: unknown }): string {
  return `${addinBaseUrl(where)}${DOMAIN_DATA_FILE}`;
}

/** Where and how the files are fetched and kept. */
export interface DomainDataSource {
  /** @default the global `fetch` */
  fetch?: typeof fetch;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
  /** Ceiling on one download, ms. @default DEFAULT_DOMAIN_DATA_FETCH_TIMEOUT_MS */
  timeoutMs?: number;
  /** How long a failure is remembered, ms. @default DEFAULT_DOMAIN_DATA_FAILURE_TTL_MS */
  failureTtlMs?: number;
  /** The trieFormat to accept. @default the build's (any, outside a build) */
  trieFormat?: string;
  /** The client's storage. @default none: every runtime downloads */
  store?: KeyValueStore;
  /** How long a stored copy is used without a request, ms. @default DEFAULT_DOMAIN_DATA_MAX_AGE_MS */
  maxAgeMs?: number;
  /** Stops this caller's wait (rejecting with `directory_timeout`/`directory_aborted`), not the shared downloads. */
  signal?: AbortSignal;
}

export interface LoadDomainDataOptions extends DomainDataSource {
  /** Absolute URL of the file, e.g. `domainDataUrl()`. */
  url: string;
}

export interface EnsureDomainsOptions extends DomainDataSource {
  /** The folder the files are below, ending in `/`. @default addinBaseUrl() */
  baseUrl?: string;
}

/** One file's download state in this runtime. */
interface FileState {
  inFlight?: Promise<void>;
  lastFailure?: { error: DomainDataError; at: number };
}

const files = new Map<string, FileState>();

/** What one file is: where it is, where it is kept, how it is installed, whether it already is. */
interface FileSpec {
  url: string;
  storeKey: string;
  installed: () => boolean;
  /** Decodes and installs the text. @throws DomainDataError when it is not data this script reads */
  install: (text: string, trieFormat: string | undefined) => void;
}

/**
 * Resolves once the file is installed: at once when it already is, else after one shared download.
 * The returned promise is the shared one (callers race it against their own signal).
 */
function loadFile(spec: FileSpec, options: DomainDataSource): Promise<void> {
  if (spec.installed()) return Promise.resolve();
  const now = options.now ?? (() => Date.now());
  let state = files.get(spec.url);
  if (!state) {
    state = {};
    files.set(spec.url, state);
  }
  const file = state;
  if (!file.inFlight) {
    if (file.lastFailure && now() - file.lastFailure.at < (options.failureTtlMs ?? DEFAULT_DOMAIN_DATA_FAILURE_TTL_MS)) {
      return Promise.reject(file.lastFailure.error);
    }
    file.inFlight = downloadFile(spec, options).then(
      () => {
        file.inFlight = undefined;
        file.lastFailure = undefined;
      },
      (error: unknown) => {
        file.inFlight = undefined;
        const failure = error instanceof DomainDataError ? error : new DomainDataError("domain_data_fetch_failed", undefined, { cause: error });
        file.lastFailure = { error: failure, at: now() };
        throw failure;
      },
    );
  }
  return file.inFlight;
}

async function downloadFile(spec: FileSpec, options: DomainDataSource): Promise<void> {
  const now = options.now ?? (() => Date.now());
  const trieFormat = options.trieFormat ?? (typeof DOMAIN_DATA_TRIE_FORMAT === "string" ? DOMAIN_DATA_TRIE_FORMAT : undefined);
  const install = (text: string): void => spec.install(text, trieFormat);
  const stored = decodeStoredFile(await readStored(options.store, spec.storeKey));
  if (stored && isFresh(stored.savedAt, now(), options.maxAgeMs ?? DEFAULT_DOMAIN_DATA_MAX_AGE_MS) && tryInstall(install, stored.text)) return;
  let text: string;
  try {
    text = await fetchText(spec.url, options);
  } catch (error) {
    if (stored && tryInstall(install, stored.text)) return;
    throw error;
  }
  install(text);
  // Not awaited: the write is bounded and must not delay the check.
  void writeStored(options.store, spec.storeKey, encodeStoredFile({ savedAt: now(), text }));
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

async function fetchText(url: string, options: DomainDataSource): Promise<string> {
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const { signal, dispose } = deadlineSignal(options.timeoutMs ?? DEFAULT_DOMAIN_DATA_FETCH_TIMEOUT_MS);
  try {
    const response = await raceAbort(fetchImpl(url, { signal }), signal);
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

/**
 * Resolves once `domain-data.json` (every TLD, the confusables) is installed.
 *
 * @throws DomainDataError `domain_data_fetch_failed` (network, timeout, HTTP status),
 *   `domain_data_invalid` (not JSON, or malformed), `domain_data_incompatible` (built for another script);
 *   GuardError `directory_aborted`/`directory_timeout` when `signal` fires first
 */
export function loadDomainData(options: LoadDomainDataOptions): Promise<void> {
  const spec: FileSpec = {
    url: options.url,
    storeKey: DOMAIN_DATA_STORE_KEY,
    installed: () => isConfusablesInstalled() && allBucketsInstalled(),
    install: (text, trieFormat) => {
      const data = decodeDomainData(parse(text), { trieFormat });
      installWholePsl(data.forest);
      installConfusables(data.confusables);
    },
  };
  return raceAbort(loadFile(spec, options), options.signal);
}

function allBucketsInstalled(): boolean {
  for (let bucket = 0; bucket < PSL_BUCKETS; bucket += 1) if (!isPslBucketInstalled(bucket)) return false;
  return true;
}

/**
 * The TLDs a domain, an address (`"Name" <a@b.c>` too) or a policy pattern (`*.example.org`) ends in:
 * the right-most label of its ASCII form (src/core/address.ts), which is what the check parses; only
 * when it has none, of its text as given, lower-case.
 */
export function tldsOf(text: string): string[] {
  const domain = parseAddress(text)?.domain ?? toAsciiDomain((domainPart(text) ?? text).replace(/^\*\./, "")) ?? (domainPart(text) ?? text).trim().toLowerCase();
  const tld = domain.slice(domain.replace(/\.+$/, "").lastIndexOf(".") + 1).replace(/\.+$/, "");
  return tld === "" ? [] : [tld];
}

/**
 * Resolves once the confusables and the Public Suffix List rules of every TLD that `domains`
 * (domains, addresses or policy patterns) end in are installed: the missing bucket files and the
 * confusables are fetched at once, in parallel, each once per runtime.
 *
 * @throws DomainDataError as {@link loadDomainData}; GuardError `directory_aborted`/`directory_timeout` when `signal` fires first
 */
export function ensureDomains(domains: Iterable<string>, options: EnsureDomainsOptions = {}): Promise<void> {
  const base = options.baseUrl ?? addinBaseUrl();
  const buckets = new Set<number>();
  for (const domain of domains) for (const tld of tldsOf(domain)) buckets.add(bucketOf(tld));
  const loads: Promise<void>[] = [];
  if (!isConfusablesInstalled()) {
    loads.push(
      loadFile(
        {
          url: `${base}${CONFUSABLES_PATH}`,
          storeKey: domainDataStoreKey(CONFUSABLES_PATH),
          installed: isConfusablesInstalled,
          install: (text) => installConfusables(decodeConfusables(parse(text))),
        },
        options,
      ),
    );
  }
  for (const bucket of buckets) {
    if (isPslBucketInstalled(bucket)) continue;
    const path = pslBucketPath(bucket);
    loads.push(
      loadFile(
        {
          url: `${base}${path}`,
          storeKey: domainDataStoreKey(path),
          installed: () => isPslBucketInstalled(bucket),
          install: (text, trieFormat) => installPslBuckets([bucket], decodePslBucket(parse(text), { trieFormat, bucket }).forest),
        },
        options,
      ),
    );
  }
  if (loads.length === 0) return Promise.resolve();
  return raceAbort(Promise.all(loads).then(() => undefined), options.signal);
}
