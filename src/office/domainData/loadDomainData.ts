import { raceAbort } from "../../directory/abort";
import { deadlineSignal } from "../../directory/deadline";
import { addinBaseUrl } from "../addinOrigin";
import { DomainDataError } from "./DomainDataError";
import { decodeDomainData } from "./domainDataFile";
import { installDomainData, isDomainDataInstalled } from "./domainDataStore";

/**
 * Loads `domain-data.json` (the Public Suffix List trie and the Unicode confusables, see
 * domainDataFile.ts) from the add-in's own origin into this runtime, once. The launch-event script
 * and the task pane (src/taskpane/index.tsx) await it before they parse any domain; the CLI and the
 * tests of everything else use the packages' own copies and never call this.
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
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const { signal, dispose } = deadlineSignal(options.timeoutMs ?? DEFAULT_DOMAIN_DATA_FETCH_TIMEOUT_MS);
  let text: string;
  try {
    const response = await raceAbort(fetchImpl(options.url, { signal }), signal);
    if (!response.ok) throw new DomainDataError("domain_data_fetch_failed", `HTTP ${response.status}.`);
    text = await raceAbort(response.text(), signal);
  } catch (error) {
    if (error instanceof DomainDataError) throw error;
    throw new DomainDataError("domain_data_fetch_failed", undefined, { cause: error });
  } finally {
    dispose();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DomainDataError("domain_data_invalid", "The file is not JSON.", { cause: error });
  }
  const trieFormat = options.trieFormat ?? (typeof DOMAIN_DATA_TRIE_FORMAT === "string" ? DOMAIN_DATA_TRIE_FORMAT : undefined);
  installDomainData(decodeDomainData(json, { trieFormat }));
}
