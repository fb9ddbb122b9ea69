import { DomainDataError } from "./DomainDataError";

/**
 * The format of `domain-data.json`: the data two packages normally carry inside the code, moved out
 * of the launch-event script so that the script fits its size budget (tools/webpack/DomainDataPlugin.js writes it,
 * loadDomainData.ts reads it). One module for both directions, so the writer and the reader cannot
 * drift apart.
 *
 * ```json
 * { "format": 1, "trieFormat": "tldts@7.6", "version": "<16 hex>",
 *   "sources": { "tldts": "7.6.0", "confusables": "Unicode 15.0 (ICU 72.1)" },
 *   "trie": { "nodeFlags": [1, 2, …], …, "labelText": "orgmil…", "rulesRoot": 668, "exceptionsRoot": 672 },
 *   "confusablesUnicode": "15.0", "confusables": { "0": "o", "ѕ": "s", "\u0301": "", … } }
 * ```
 *
 * - `trie`: the exports of tldts's `dist/es6/src/data/trie.js` (its flat Public Suffix List trie),
 *   typed arrays written as JSON arrays of numbers. That gzips as small as base64 of the raw bytes
 *   (both ≈ 44 KB) and needs no decoder (`atob` is not promised in the JavaScript-only runtime).
 * - `confusables`, `confusablesUnicode`: src/core/confusables.json's table and Unicode version
 *   (tools/confusables/generate.ts): code point → the ASCII letters, digits or hyphen it reads as,
 *   "" for a mark — only what the look-alike skeleton uses (≈ 3,000 entries, ≈ 8 KB gzipped).
 * - `trieFormat`: what the script's copy of tldts can read — the package's major.minor; the Public
 *   Suffix List updates that tldts ships as patch releases keep it.
 * - `version`: a hash of the content, for people checking which data is deployed.
 */

/** The version of this file layout; a reader refuses any other. */
export const DOMAIN_DATA_FORMAT = 1;

/**
 * The exports of tldts's `./data/trie` module, by name, with their types: what suffix-trie.js
 * imports. The build checks the installed package against this list and fails when it differs.
 */
export const TRIE_LAYOUT = {
  nodeFlags: "Uint8Array",
  edgeStart: "Uint16Array",
  edgeLength: "Uint8Array",
  edgeChild: "Uint16Array",
  labelText: "string",
  rulesRoot: "number",
  exceptionsRoot: "number",
} as const;

/** tldts's trie data, as its `./data/trie` module exports it. */
export interface TrieData {
  readonly nodeFlags: Uint8Array;
  readonly edgeStart: Uint16Array;
  readonly edgeLength: Uint8Array;
  readonly edgeChild: Uint16Array;
  readonly labelText: string;
  readonly rulesRoot: number;
  readonly exceptionsRoot: number;
}

/** Code point → prototype, as src/core/confusables.json's `confusables`. */
export type ConfusablesData = Readonly<Record<string, string>>;

/** What a prototype may be: ASCII letters, digits and hyphens, or nothing (a mark). */
const PROTOTYPE = /^[a-z0-9-]*$/;

/** Everything the launch-event script needs from the file. */
export interface DomainData {
  readonly trie: TrieData;
  readonly confusables: ConfusablesData;
  /** The Unicode version the confusables come from (`15.0`). */
  readonly confusablesUnicode: string;
  /** The file's content hash. */
  readonly version: string;
}

/** The file as JSON. */
export interface DomainDataFile {
  format: number;
  trieFormat: string;
  version: string;
  sources: Record<string, string>;
  trie: Record<keyof TrieData, number[] | string | number>;
  confusablesUnicode: string;
  confusables: Record<string, string>;
}

type TypedArrayName = "Uint8Array" | "Uint16Array";

const TYPED_ARRAYS: Record<TypedArrayName, { max: number; from: (values: number[]) => Uint8Array | Uint16Array }> = {
  Uint8Array: { max: 0xff, from: (values) => new Uint8Array(values) },
  Uint16Array: { max: 0xffff, from: (values) => new Uint16Array(values) },
};

const TRIE_KEYS = Object.keys(TRIE_LAYOUT) as (keyof TrieData)[];

/** The `trieFormat` a given tldts version reads and writes: `"7.6.0"` → `"tldts@7.6"`. */
export function trieFormatOf(tldtsVersion: string): string {
  const match = /^(\d+)\.(\d+)\./.exec(tldtsVersion);
  if (!match) throw new Error(`tldts version ${JSON.stringify(tldtsVersion)} is not major.minor.patch`);
  return `tldts@${match[1] ?? ""}.${match[2] ?? ""}`;
}

/** The type name {@link TRIE_LAYOUT} uses for a value. */
function typeName(value: unknown): string {
  if (value instanceof Uint8Array) return "Uint8Array";
  if (value instanceof Uint16Array) return "Uint16Array";
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return typeof value;
}

/**
 * Reads tldts's `./data/trie` module exports (the build's side). Throws, naming every difference,
 * when they are not exactly {@link TRIE_LAYOUT}: a tldts update that changes the layout must fail
 * the build rather than produce a file the script misreads.
 */
export function readTrieModule(trieModule: Record<string, unknown>): TrieData {
  const problems: string[] = [];
  const names = Object.keys(trieModule).filter((name) => name !== "__esModule" && name !== "default");
  for (const name of names) if (!(name in TRIE_LAYOUT)) problems.push(`unexpected export ${name}`);
  for (const name of TRIE_KEYS) {
    if (!(name in trieModule)) problems.push(`missing export ${name}`);
    else if (typeName(trieModule[name]) !== TRIE_LAYOUT[name]) problems.push(`${name} is ${typeName(trieModule[name])}, expected ${TRIE_LAYOUT[name]}`);
  }
  if (problems.length > 0) throw new Error(`tldts's data/trie module no longer matches src/office/domainData: ${problems.join("; ")}`);
  return checkTrie(trieModule as unknown as TrieData);
}

/** The file's JSON for the given data (the build's side). `version` is the caller's content hash. */
export function encodeDomainData(parts: {
  trie: TrieData;
  confusables: ConfusablesData;
  confusablesUnicode: string;
  trieFormat: string;
  version: string;
  sources: Record<string, string>;
}): DomainDataFile {
  const trie = {} as DomainDataFile["trie"];
  for (const name of TRIE_KEYS) {
    const value: unknown = parts.trie[name];
    trie[name] = ArrayBuffer.isView(value) ? Array.from(value as Uint8Array | Uint16Array) : (value as string | number);
  }
  return {
    format: DOMAIN_DATA_FORMAT,
    trieFormat: parts.trieFormat,
    version: parts.version,
    sources: { ...parts.sources },
    trie,
    confusablesUnicode: parts.confusablesUnicode,
    confusables: { ...parts.confusables },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(detail: string): DomainDataError {
  return new DomainDataError("domain_data_invalid", detail);
}

/**
 * Reads a parsed `domain-data.json` (the script's side).
 * @param expected.trieFormat what this script's tldts reads; `undefined` accepts any (tests, tools)
 * @throws DomainDataError `domain_data_incompatible` (another format or trieFormat), `domain_data_invalid` (anything malformed)
 */
export function decodeDomainData(json: unknown, expected: { trieFormat?: string | undefined } = {}): DomainData {
  if (!isRecord(json)) throw invalid("The file is not a JSON object.");
  if (json["format"] !== DOMAIN_DATA_FORMAT) throw new DomainDataError("domain_data_incompatible", `format ${JSON.stringify(json["format"])}, expected ${DOMAIN_DATA_FORMAT}.`);
  if (expected.trieFormat !== undefined && json["trieFormat"] !== expected.trieFormat) {
    throw new DomainDataError("domain_data_incompatible", `trieFormat ${JSON.stringify(json["trieFormat"])}, expected ${JSON.stringify(expected.trieFormat)}.`);
  }
  const version = json["version"];
  if (typeof version !== "string" || version === "") throw invalid("version is missing.");
  const rawTrie = json["trie"];
  const rawConfusables = json["confusables"];
  if (!isRecord(rawTrie)) throw invalid("trie is missing.");
  if (!isRecord(rawConfusables)) throw invalid("confusables is missing.");

  const trie: Record<string, unknown> = {};
  for (const name of TRIE_KEYS) {
    const kind = TRIE_LAYOUT[name];
    const value = rawTrie[name];
    if (kind === "string" || kind === "number") {
      if (typeof value !== kind) throw invalid(`trie.${name} is not a ${kind}.`);
      trie[name] = value;
      continue;
    }
    const { max, from } = TYPED_ARRAYS[kind];
    if (!Array.isArray(value)) throw invalid(`trie.${name} is not an array.`);
    for (const item of value) {
      // A typed array would wrap an out-of-range number silently: refuse it instead.
      if (typeof item !== "number" || !Number.isInteger(item) || item < 0 || item > max) throw invalid(`trie.${name} holds ${JSON.stringify(item)}.`);
    }
    trie[name] = from(value as number[]);
  }

  const confusablesUnicode = json["confusablesUnicode"];
  if (typeof confusablesUnicode !== "string" || !/^\d+\.\d+$/.test(confusablesUnicode)) throw invalid("confusablesUnicode is not a Unicode version.");
  const confusables: Record<string, string> = {};
  for (const key of Object.keys(rawConfusables)) {
    const prototype = rawConfusables[key];
    // One code point each, mapped to what the skeleton compares: anything else would misread domains.
    if ([...key].length !== 1 || typeof prototype !== "string" || !PROTOTYPE.test(prototype) || prototype === key) {
      throw invalid(`confusables[${JSON.stringify(key)}] is not a code point mapped to ASCII letters, digits or hyphens.`);
    }
    confusables[key] = prototype;
  }
  if (Object.keys(confusables).length === 0) throw invalid("confusables is empty.");
  return { trie: checkTrie(trie as unknown as TrieData), confusables, confusablesUnicode, version };
}

/**
 * Checks that the trie hangs together the way suffix-trie.js walks it, so that a damaged file fails
 * here rather than classifying domains wrongly: `edgeStart` is a non-decreasing index with one entry
 * per node plus one, every edge leads to a node, the labels fill `labelText` exactly, and both roots
 * are nodes.
 */
function checkTrie(trie: TrieData): TrieData {
  const nodes = trie.nodeFlags.length;
  const edges = trie.edgeLength.length;
  const fail = (detail: string): never => {
    throw invalid(`trie: ${detail}`);
  };
  if (nodes === 0) fail("no nodes.");
  if (trie.edgeStart.length !== nodes + 1) fail(`edgeStart has ${trie.edgeStart.length} entries for ${nodes} nodes.`);
  if (trie.edgeChild.length !== edges) fail(`edgeChild has ${trie.edgeChild.length} entries for ${edges} edges.`);
  if (trie.edgeStart[0] !== 0 || trie.edgeStart[nodes] !== edges) fail("edgeStart does not span the edges.");
  for (let node = 0; node < nodes; node += 1) {
    if ((trie.edgeStart[node + 1] ?? 0) < (trie.edgeStart[node] ?? 0)) fail(`edgeStart decreases at node ${node}.`);
  }
  let labels = 0;
  for (let edge = 0; edge < edges; edge += 1) {
    labels += trie.edgeLength[edge] ?? 0;
    if ((trie.edgeChild[edge] ?? nodes) >= nodes) fail(`edge ${edge} leads to no node.`);
  }
  if (labels !== trie.labelText.length) fail(`the edges' labels take ${labels} characters, labelText has ${trie.labelText.length}.`);
  for (const root of [trie.rulesRoot, trie.exceptionsRoot]) {
    if (!Number.isInteger(root) || root < 0 || root >= nodes) fail(`root ${root} is not a node.`);
  }
  return trie;
}
