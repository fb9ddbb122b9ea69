import { DomainDataError } from "./DomainDataError";
import type { ConfusablesData, DomainData } from "./domainDataFile";

/**
 * The domain data of this runtime, once loaded: what the launch-event bundle's replacements of
 * tldts and src/core/lookalike.ts read (see README.md). Installed once; never replaced, since tldts
 * copies the trie into its own structures the first time it is evaluated.
 */

let installed: DomainData | undefined;

/** Filled in place by {@link installDomainData}; read only through {@link confusablesView}. */
const confusables: Record<string, string> = {};

function throwIfNotInstalled(): void {
  if (!installed) throw new DomainDataError("domain_data_not_loaded");
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

/** Makes `data` the runtime's domain data. The first installation wins; later calls change nothing. */
export function installDomainData(data: DomainData): void {
  if (installed) return;
  Object.assign(confusables, data.confusables);
  installed = data;
}

/** Whether the domain data is installed. */
export function isDomainDataInstalled(): boolean {
  return installed !== undefined;
}

/** The installed domain data. @throws DomainDataError `domain_data_not_loaded` before {@link installDomainData} */
export function installedDomainData(): DomainData {
  throwIfNotInstalled();
  return installed as DomainData;
}
