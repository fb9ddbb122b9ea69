import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CONFUSABLES_PATH,
  PSL_BUCKETS,
  encodeConfusables,
  encodeDomainData,
  encodePslBucket,
  forestOfTrie,
  pslBucketPath,
  readTrieModule,
  trieFormatOf,
  type DomainDataFile,
  type SuffixForest,
} from "../../src/office/domainData/domainDataFile";

/**
 * The installed packages' data, and the domain-data files as the build writes them from them. Tests read
 * tldts's CommonJS copy of the trie (the build reads the ES module copy of the same release).
 */

const NODE_MODULES = join(__dirname, "..", "..", "node_modules");

function versionOf(name: string): string {
  return String((JSON.parse(readFileSync(join(NODE_MODULES, name, "package.json"), "utf8")) as { version: unknown }).version);
}

export const TLDTS_VERSION = versionOf("tldts");
export const TRIE_FORMAT = trieFormatOf(TLDTS_VERSION);

/** The trie module's exports, as tldts ships them. */
export function packageTrieModule(): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a data module of the package, read as it is.
  return require("tldts/dist/cjs/src/data/trie.js") as Record<string, unknown>;
}

/** src/core/confusables.json, which the build copies into domain-data.json. */
export function confusablesFile(): { unicode: string; icu: string; confusables: Record<string, string> } {
  return JSON.parse(readFileSync(join(__dirname, "..", "..", "src", "core", "confusables.json"), "utf8")) as { unicode: string; icu: string; confusables: Record<string, string> };
}

export function packageConfusables(): Record<string, string> {
  return confusablesFile().confusables;
}

/** tldts's trie, as TLD subtrees. */
export function packageForest(): SuffixForest {
  return forestOfTrie(readTrieModule(packageTrieModule()));
}

/** domain-data.json's content for the installed packages. */
export function domainDataFile(version = "test-version"): DomainDataFile {
  return encodeDomainData({
    forest: packageForest(),
    confusables: packageConfusables(),
    confusablesUnicode: confusablesFile().unicode,
    trieFormat: TRIE_FORMAT,
    version,
    sources: { tldts: TLDTS_VERSION, confusables: `Unicode ${confusablesFile().unicode} (ICU ${confusablesFile().icu})` },
  });
}

/** Every file below domain-data/ by its path there (`domain-data/psl-12.json`), as text. */
export function domainDataFolder(version = "test-version"): Record<string, string> {
  const forest = packageForest();
  const files: Record<string, string> = {};
  for (let bucket = 0; bucket < PSL_BUCKETS; bucket += 1) files[pslBucketPath(bucket)] = JSON.stringify(encodePslBucket({ forest, bucket, trieFormat: TRIE_FORMAT, version }));
  const { unicode, icu, confusables } = confusablesFile();
  files[CONFUSABLES_PATH] = JSON.stringify(encodeConfusables({ confusables, confusablesUnicode: unicode, source: `Unicode ${unicode} (ICU ${icu})`, version }));
  return files;
}

/** A `fetch` answer. */
export function response(status: number, body: string): Response {
  return { ok: status >= 200 && status < 300, status, text: () => Promise.resolve(body) } as unknown as Response;
}
