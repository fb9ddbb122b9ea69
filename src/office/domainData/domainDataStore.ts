import { DomainDataError } from "./DomainDataError";
import { PSL_BUCKETS, bucketOf, type Confusables, type ConfusablesData, type SuffixForest, type SuffixNode } from "./domainDataFile";

/**
 * The domain data of this runtime, as it arrives: the Public Suffix List bucket by bucket (what the
 * office bundles' suffixLookup.ts walks) and the confusables (what src/core/lookalike.ts reads through
 * confusables.ts). Each is installed once and never replaced: a bucket holds every rule of its TLDs,
 * so its TLDs are answered from one build's file, and lookalike.ts keeps the Map it builds from the
 * confusables for good.
 */

let confusablesInstalled: Confusables | undefined;

/** Filled in place by {@link installConfusables}; read only through {@link confusablesView}. */
const confusables: Record<string, string> = {};

const rules = new Map<string, SuffixNode>();
const exceptions = new Map<string, SuffixNode>();
const loadedBuckets = new Set<number>();

function throwIfNotInstalled(): void {
  if (!confusablesInstalled) throw new DomainDataError("domain_data_not_loaded", "The confusables are not loaded.");
}

/**
 * The table of the object the bundle's src/core/confusables.json becomes (confusables.ts).
 * src/core/lookalike.ts imports it at load time but reads it only on the first skeleton, then keeps
 * a Map built from it for good: reading it before the data is installed throws, so that the Map is
 * never built empty.
 */
export const confusablesView: ConfusablesData = new Proxy(confusables, {
  ownKeys(target) {
    throwIfNotInstalled();
    return Reflect.ownKeys(target);
  },
  getOwnPropertyDescriptor(target, key) {
    throwIfNotInstalled();
    return Reflect.getOwnPropertyDescriptor(target, key);
  },
  get(target, key, receiver) {
    throwIfNotInstalled();
    return Reflect.get(target, key, receiver) as unknown;
  },
  has(target, key) {
    throwIfNotInstalled();
    return Reflect.has(target, key);
  },
});

/** Makes `data` the runtime's confusables. The first installation wins; later calls change nothing. */
export function installConfusables(data: Confusables): void {
  if (confusablesInstalled) return;
  Object.assign(confusables, data.confusables);
  confusablesInstalled = data;
}

export function isConfusablesInstalled(): boolean {
  return confusablesInstalled !== undefined;
}

/** The installed confusables. @throws DomainDataError `domain_data_not_loaded` before {@link installConfusables} */
export function installedConfusables(): Confusables {
  throwIfNotInstalled();
  return confusablesInstalled as Confusables;
}

/**
 * Installs the Public Suffix List subtrees of `forest` for each of `buckets` that is not installed
 * yet; `forest` must hold every TLD of those buckets (a bucket file, or domain-data.json's whole list).
 * A bucket already installed keeps what it has: its TLDs are never answered from two files.
 */
export function installPslBuckets(buckets: Iterable<number>, forest: SuffixForest): void {
  const fresh = new Set([...buckets].filter((bucket) => !loadedBuckets.has(bucket)));
  if (fresh.size === 0) return;
  for (const [target, source] of [
    [rules, forest.rules],
    [exceptions, forest.exceptions],
  ] as const) {
    for (const [tld, node] of source) if (fresh.has(bucketOf(tld))) target.set(tld, node);
  }
  for (const bucket of fresh) loadedBuckets.add(bucket);
}

/** Installs every bucket from a forest holding the whole list (domain-data.json). */
export function installWholePsl(forest: SuffixForest): void {
  installPslBuckets(Array.from({ length: PSL_BUCKETS }, (_, bucket) => bucket), forest);
}

export function isPslBucketInstalled(bucket: number): boolean {
  return loadedBuckets.has(bucket);
}

/** The installed subtrees of both roots, by TLD (only the installed buckets' TLDs). */
export const installedPsl: SuffixForest = { rules, exceptions };
