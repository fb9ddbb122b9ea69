import { DEFAULT_POLICY, validatePolicy } from "../core/policy";
import type { Policy, PolicyProblem } from "../core/policy";
import { raceAbort } from "../directory/abort";
import { deadlineSignal } from "../directory/deadline";
import { decodeStoredFile, encodeStoredFile, isFresh, readStored, writeStored, type KeyValueStore } from "./RuntimeStorage";
import { POLICY_STORE_KEY, directoryFailureOf, type FailureAction } from "./storedPolicy";

/**
 * Loads the organisation's `policy.json` from the add-in's own origin (it lives beside the pages;
 * see `defaultPolicyUrl`). Plain `fetch`, kept in src/office because both Office surfaces share it.
 *
 * Never rejects and never blocks mail silently: a missing, unreachable or invalid file gives the
 * built-in defaults with `source: "defaults"` and an `errorCode`, so the caller can say so. A policy
 * that loaded once is kept: when a later refetch fails the last good one is returned (`source:
 * "organisation"`, with the refetch's `errorCode` and `problems` for the curious).
 */

/** Where the policy in use came from. */
export type PolicySource = "organisation" | "defaults";

/** The outcome of {@link loadPolicy}. */
export interface PolicyLoad {
  policy: Policy;
  source: PolicySource;
  /** Set when the last fetch failed: `policy_fetch_failed` (network, timeout, HTTP error) or `policy_invalid`. */
  errorCode?: "policy_invalid" | "policy_fetch_failed";
  /** With `policy_invalid`: every problem, each with its JSON path. */
  problems?: PolicyProblem[];
}

/** How long a loaded policy is reused, in memory and from the client's storage: five minutes. */
export const DEFAULT_POLICY_TTL_MS = 5 * 60 * 1000;
/** How long a failed load is reused before the next try: one minute, so a broken origin does not slow every Send. */
export const DEFAULT_POLICY_FAILURE_TTL_MS = 60 * 1000;
/** Ceiling on one fetch of policy.json, in milliseconds: it comes out of the Send budget. */
export const DEFAULT_POLICY_FETCH_TIMEOUT_MS = 1500;

interface CacheEntry {
  load: PolicyLoad;
  expiresAt: number;
  lastGood?: Policy;
}

/** Loads remembered per URL, with the fetch in flight shared. One shared instance backs {@link loadPolicy}. */
export class PolicyCache {
  readonly entries = new Map<string, CacheEntry>();
  readonly inFlight = new Map<string, Promise<PolicyLoad>>();
  /** The `directoryFailure` of the newest policy text seen per URL (fetched or stored), validated or not. */
  readonly seenFailure = new Map<string, FailureAction>();
  /** The newest policy text seen per URL (fetched or stored), validated or not. */
  readonly seenText = new Map<string, string>();

  /** Forgets everything (tests; a task pane "reload policy" action). */
  clear(): void {
    this.entries.clear();
    this.inFlight.clear();
    this.seenFailure.clear();
    this.seenText.clear();
  }
}

const SHARED_CACHE = new PolicyCache();

export interface LoadPolicyOptions {
  /** Absolute URL of policy.json, e.g. `defaultPolicyUrl()`. */
  url: string;
  /** @default the global `fetch` */
  fetch?: typeof fetch;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
  /** How long a good load is reused, ms. @default DEFAULT_POLICY_TTL_MS */
  ttlMs?: number;
  /** How long a failed load is reused, ms. @default DEFAULT_POLICY_FAILURE_TTL_MS */
  failureTtlMs?: number;
  /** Ceiling on the fetch, ms. @default DEFAULT_POLICY_FETCH_TIMEOUT_MS */
  timeoutMs?: number;
  /** @default one cache shared by every caller in this runtime */
  cache?: PolicyCache;
  /** The client's storage, read before fetching and written after. @default none */
  store?: KeyValueStore;
  /**
   * Awaited after the text is in hand and before it is validated, with every text about to be
   * validated (the fetched or stored one, and the stored one it replaces): validation checks the
   * patterns against the Public Suffix List, whose rules the launch event loads meanwhile. Its
   * rejection is the only way loadPolicy rejects.
   */
  ready?: (texts: readonly string[]) => Promise<void>;
  /**
   * Told each policy text as soon as it is in hand, before any validation: the last one this runtime
   * saw (at once), the stored one, the fetched one. For work that can start early (the launch event
   * loads the rules of the policy's domains while the file is fetched). Must not throw.
   */
  seen?: (text: string) => void;
}

/**
 * The policy to apply now (see the module comment). Resolves within about `timeoutMs` (plus the
 * store's budget) even when the server never answers. Rejects only when `ready` does.
 */
export function loadPolicy(options: LoadPolicyOptions): Promise<PolicyLoad> {
  const cache = options.cache ?? SHARED_CACHE;
  const now = options.now ?? (() => Date.now());
  const entry = cache.entries.get(options.url);
  if (entry && now() < entry.expiresAt) return Promise.resolve(entry.load);
  const pending = cache.inFlight.get(options.url);
  if (pending) return pending;
  const ttl = options.ttlMs ?? DEFAULT_POLICY_TTL_MS;
  const flight = obtainText(options, cache, now, ttl).then(async (got) => {
    try {
      await options.ready?.([...(got.ok ? [got.text] : []), ...(got.stored === undefined ? [] : [got.stored])]);
    } catch (error) {
      cache.inFlight.delete(options.url);
      throw error;
    }
    const outcome = got.ok ? validateText(got.text) : got;
    const stored = got.stored === undefined ? undefined : validateText(got.stored);
    const lastGood = outcome.ok ? outcome.policy : (entry?.lastGood ?? (stored?.ok ? stored.policy : undefined));
    const load = outcomeToLoad(outcome, lastGood);
    const keep = outcome.ok ? ttl : (options.failureTtlMs ?? DEFAULT_POLICY_FAILURE_TTL_MS);
    cache.entries.set(options.url, { load, expiresAt: now() + keep, ...(lastGood ? { lastGood } : {}) });
    cache.inFlight.delete(options.url);
    return load;
  });
  cache.inFlight.set(options.url, flight);
  return flight;
}

/**
 * The `directoryFailure` of the newest policy text this runtime has seen for `url` — fetched or
 * stored, even when it could not be validated (yet) — or `undefined`. What a Send is answered by
 * when it fails before its own policy is in hand.
 */
export function lastSeenDirectoryFailure(url: string, cache: PolicyCache = SHARED_CACHE): FailureAction | undefined {
  const entry = cache.entries.get(url);
  return cache.seenFailure.get(url) ?? (entry?.load.source === "organisation" ? entry.load.policy.directoryFailure : undefined);
}

/** The policy text: fresh from the store, else fetched; on failure the stored text (however old) rides along. */
type Obtained = { ok: true; text: string; stored?: string } | { ok: false; errorCode: "policy_fetch_failed"; stored?: string };

async function obtainText(options: LoadPolicyOptions, cache: PolicyCache, now: () => number, ttl: number): Promise<Obtained> {
  const { url, store } = options;
  const note = (text: string): void => {
    const failure = directoryFailureOf(text);
    if (failure) cache.seenFailure.set(url, failure);
    cache.seenText.set(url, text);
    options.seen?.(text);
  };
  const last = cache.seenText.get(url);
  if (last !== undefined) options.seen?.(last);
  const stored = decodeStoredFile(await readStored(store, POLICY_STORE_KEY));
  if (stored) note(stored.text);
  if (stored && isFresh(stored.savedAt, now(), ttl)) return { ok: true, text: stored.text };
  const fetched = await fetchPolicyText(options).catch((): undefined => undefined);
  if (fetched === undefined) return { ok: false, errorCode: "policy_fetch_failed", ...(stored ? { stored: stored.text } : {}) };
  note(fetched);
  // Not awaited: the write is bounded and must not delay the check.
  void writeStored(store, POLICY_STORE_KEY, encodeStoredFile({ savedAt: now(), text: fetched }));
  return { ok: true, text: fetched, ...(stored ? { stored: stored.text } : {}) };
}

function outcomeToLoad(outcome: FetchOutcome, lastGood: Policy | undefined): PolicyLoad {
  if (outcome.ok) return { policy: outcome.policy, source: "organisation" };
  const load: PolicyLoad = { policy: lastGood ?? DEFAULT_POLICY, source: lastGood ? "organisation" : "defaults", errorCode: outcome.errorCode };
  if (outcome.problems) load.problems = outcome.problems;
  return load;
}

type FetchOutcome = { ok: true; policy: Policy } | { ok: false; errorCode: "policy_invalid" | "policy_fetch_failed"; problems?: PolicyProblem[] };

/** The file's text, or `undefined` on a network failure, a timeout or an HTTP error. */
async function fetchPolicyText(options: LoadPolicyOptions): Promise<string | undefined> {
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const { signal, dispose } = deadlineSignal(options.timeoutMs ?? DEFAULT_POLICY_FETCH_TIMEOUT_MS);
  try {
    // `no-cache` revalidates with the server, so IT's edits apply within the TTL.
    const response = await raceAbort(fetchImpl(options.url, { signal, cache: "no-cache" }), signal);
    if (!response.ok) return undefined;
    return await raceAbort(response.text(), signal);
  } catch {
    return undefined;
  } finally {
    dispose();
  }
}

function validateText(text: string): FetchOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, errorCode: "policy_invalid", problems: [{ path: "", message: "the file is not valid JSON" }] };
  }
  const validation = validatePolicy(json);
  return validation.ok ? { ok: true, policy: validation.policy } : { ok: false, errorCode: "policy_invalid", problems: validation.problems };
}
