import { DomainDataError } from "./DomainDataError";

/**
 * The formats of the domain-data files: the data two packages normally carry inside the code, moved
 * out of the office bundles (tools/webpack/DomainDataPlugin.js writes them, loadDomainData.ts reads
 * them). One module for both directions, so the writer and the reader cannot drift apart.
 *
 * The Public Suffix List is held as one subtree per top-level domain (TLD): every rule and exception
 * of `uk` hangs below the edge `uk` of its root, and a lookup walks only the subtree of the
 * hostname's TLD (src/office/domainData/suffixLookup.ts). The TLDs are partitioned into
 * {@link PSL_BUCKETS} buckets by {@link bucketOf}, and the launch event fetches only the buckets of
 * the TLDs a message holds.
 *
 * ```json
 * domain-data/psl-12.json   { "format": 2, "kind": "psl", "trieFormat": "tldts@7.6", "version": "<16 hex>",
 *                             "bucket": 12, "buckets": 64, "tlds": ["uk", …], "rules": "1uk(1ac(…),…),…", "exceptions": "" }
 * domain-data/confusables.json { "format": 2, "kind": "confusables", "version": "<16 hex>", "source": "Unicode 15.0 (ICU 72.1)",
 *                             "confusablesUnicode": "15.0", "confusables": { "0": "o", "ѕ": "s", "\u0301": "", … } }
 * domain-data.json           { "format": 2, "kind": "all", "trieFormat": …, "version": …, "sources": {…}, "buckets": 64,
 *                             "rules": "…every TLD…", "exceptions": "…", "confusablesUnicode": …, "confusables": {…} }
 * ```
 *
 * - `rules`, `exceptions`: the top-level edges of tldts's two roots as nested text, children sorted:
 *   `node = flag label [ "(" node { "," node } ")" ]`, where `flag` is one digit (0 none, 1 ICANN,
 *   2 PRIVATE, 3 both: tldts's node flags) and `label` a label of the list (`*` for a wildcard).
 *   Sorted text gzips to less than tldts's hash-ordered trie (labels in hash order per node).
 * - `confusables`, `confusablesUnicode`: src/core/confusables.json's table and Unicode version
 *   (tools/confusables/generate.ts): code point → the ASCII letters, digits or hyphen it reads as,
 *   "" for a mark — only what the look-alike skeleton uses (≈ 3,000 entries).
 * - `trieFormat`: the semantics of the rules — tldts's major.minor, whose lookup suffixLookup.ts
 *   reproduces; the Public Suffix List updates that tldts ships as patch releases keep it.
 * - `buckets`: K, the number of buckets {@link bucketOf} hashes into; a file of another K is refused.
 * - `version`: a hash of the file's content, for people checking which data is deployed.
 */

/** The version of these layouts; a reader refuses any other. */
export const DOMAIN_DATA_FORMAT = 2;
/** K: how many buckets the TLDs are partitioned into. Changing it changes every file name. */
export const PSL_BUCKETS = 64;
/** tldts's node flags (its `RULE_TYPE`). */
export const RULE_ICANN = 1;
export const RULE_PRIVATE = 2;

/**
 * The exports of tldts's `./data/trie` module, by name, with their types: what the build reads the
 * rules from. The build checks the installed package against this list and fails when it differs.
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

/** One node of the Public Suffix List: its flags and its children by label (`undefined`: a leaf). */
export interface SuffixNode {
  readonly flags: number;
  readonly children: ReadonlyMap<string, SuffixNode> | undefined;
}

/** The TLD subtrees below each of tldts's two roots, by TLD. */
export interface SuffixForest {
  readonly rules: ReadonlyMap<string, SuffixNode>;
  readonly exceptions: ReadonlyMap<string, SuffixNode>;
}

/** Code point → prototype, as src/core/confusables.json's `confusables`. */
export type ConfusablesData = Readonly<Record<string, string>>;

/** The confusables, as a file holds them. */
export interface Confusables {
  readonly confusables: ConfusablesData;
  /** The Unicode version the confusables come from (`15.0`). */
  readonly confusablesUnicode: string;
  readonly version: string;
}

/** One bucket of the Public Suffix List, decoded. */
export interface PslBucket {
  readonly bucket: number;
  readonly forest: SuffixForest;
  readonly version: string;
}

/** `domain-data.json`, decoded: every TLD and the confusables. */
export interface DomainData {
  readonly forest: SuffixForest;
  readonly confusables: Confusables;
  readonly version: string;
}

export interface PslBucketFile {
  format: number;
  kind: "psl";
  trieFormat: string;
  version: string;
  bucket: number;
  buckets: number;
  tlds: string[];
  rules: string;
  exceptions: string;
}

export interface ConfusablesFile {
  format: number;
  kind: "confusables";
  version: string;
  source: string;
  confusablesUnicode: string;
  confusables: Record<string, string>;
}

export interface DomainDataFile {
  format: number;
  kind: "all";
  trieFormat: string;
  version: string;
  sources: Record<string, string>;
  buckets: number;
  rules: string;
  exceptions: string;
  confusablesUnicode: string;
  confusables: Record<string, string>;
}

/** What a prototype may be: ASCII letters, digits and hyphens, or nothing (a mark). */
const PROTOTYPE = /^[a-z0-9-]*$/;
/** The characters the nested text uses around labels; no label of the list may hold them. */
const SYNTAX = /[(),]/;

const TRIE_KEYS = Object.keys(TRIE_LAYOUT) as (keyof TrieData)[];

/**
 * The bucket of a TLD: FNV-1a (32 bits) over its UTF-16 code units — its ASCII bytes for an ASCII
 * TLD — modulo {@link PSL_BUCKETS}. Stable across builds: a file name says which TLDs it holds.
 */
export function bucketOf(tld: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < tld.length; i += 1) {
    hash ^= tld.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % PSL_BUCKETS;
}

/** The file of one bucket, below the add-in's pages. */
export function pslBucketPath(bucket: number): string {
  return `domain-data/psl-${bucket}.json`;
}

/** The confusables' file, below the add-in's pages. */
export const CONFUSABLES_PATH = "domain-data/confusables.json";

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
 * the build rather than produce files that say something else.
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

/**
 * Checks that the trie hangs together the way tldts's suffix-trie.js walks it: `edgeStart` is a
 * non-decreasing index with one entry per node plus one, every edge leads to a node, the labels fill
 * `labelText` exactly, and both roots are nodes.
 */
function checkTrie(trie: TrieData): TrieData {
  const nodes = trie.nodeFlags.length;
  const edges = trie.edgeLength.length;
  const fail = (detail: string): never => {
    throw new Error(`tldts's trie: ${detail}`);
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

/** The children of a trie node, by label, in the trie's order. */
function trieEdges(trie: TrieData, offsets: Uint32Array, node: number): [string, number][] {
  const edges: [string, number][] = [];
  for (let edge = trie.edgeStart[node] ?? 0; edge < (trie.edgeStart[node + 1] ?? 0); edge += 1) {
    const offset = offsets[edge] ?? 0;
    edges.push([trie.labelText.slice(offset, offset + (trie.edgeLength[edge] ?? 0)), trie.edgeChild[edge] ?? 0]);
  }
  return edges;
}

function labelOffsets(trie: TrieData): Uint32Array {
  const offsets = new Uint32Array(trie.edgeLength.length);
  for (let edge = 0, offset = 0; edge < offsets.length; edge += 1) {
    offsets[edge] = offset;
    offset += trie.edgeLength[edge] ?? 0;
  }
  return offsets;
}

/**
 * tldts's trie as TLD subtrees (the build's side). Throws when it cannot be split by TLD without
 * changing a lookup: a root with flags of its own or a `*` edge (a rule for every TLD), an empty
 * label, or a label holding the nested text's syntax.
 */
export function forestOfTrie(trie: TrieData): SuffixForest {
  const offsets = labelOffsets(trie);
  const nodeOf = (node: number, path: string): SuffixNode => {
    const edges = trieEdges(trie, offsets, node);
    if (edges.length === 0) return { flags: trie.nodeFlags[node] ?? 0, children: undefined };
    const children = new Map<string, SuffixNode>();
    for (const [label, child] of edges) {
      if (label === "" || SYNTAX.test(label)) throw new Error(`tldts's trie: the label ${JSON.stringify(label)} below ${JSON.stringify(path)} cannot be written.`);
      children.set(label, nodeOf(child, `${label}.${path}`));
    }
    return { flags: trie.nodeFlags[node] ?? 0, children };
  };
  const top = (root: number, name: string): ReadonlyMap<string, SuffixNode> => {
    if ((trie.nodeFlags[root] ?? 0) !== 0) throw new Error(`tldts's trie: the ${name} root has flags of its own.`);
    const children = nodeOf(root, "").children ?? new Map<string, SuffixNode>();
    if (children.has("*")) throw new Error(`tldts's trie: the ${name} root has a "*" edge, a rule for every TLD, which buckets by TLD cannot hold.`);
    return children;
  };
  return { rules: top(trie.rulesRoot, "rules"), exceptions: top(trie.exceptionsRoot, "exceptions") };
}

/**
 * Every rule and exception of tldts's trie, read straight from its flat arrays (independently of
 * {@link forestOfTrie}): `rules|exceptions <flags> <suffix>` for each node with flags, sorted. What
 * the build compares the decoded files with.
 */
export function enumerateTrie(trie: TrieData): string[] {
  const offsets = labelOffsets(trie);
  const out: string[] = [];
  const visit = (name: string, node: number, suffix: string): void => {
    const flags = trie.nodeFlags[node] ?? 0;
    if (flags !== 0) out.push(`${name} ${flags} ${suffix}`);
    for (const [label, child] of trieEdges(trie, offsets, node)) visit(name, child, suffix === "" ? label : `${label}.${suffix}`);
  };
  visit("rules", trie.rulesRoot, "");
  visit("exceptions", trie.exceptionsRoot, "");
  return out.sort();
}

/** Every rule and exception of a forest, as {@link enumerateTrie} writes them. */
export function enumerateForest(forest: SuffixForest): string[] {
  const out: string[] = [];
  const visit = (name: string, children: ReadonlyMap<string, SuffixNode> | undefined, suffix: string): void => {
    for (const [label, node] of children ?? []) {
      const here = suffix === "" ? label : `${label}.${suffix}`;
      if (node.flags !== 0) out.push(`${name} ${node.flags} ${here}`);
      visit(name, node.children, here);
    }
  };
  visit("rules", forest.rules, "");
  visit("exceptions", forest.exceptions, "");
  return out.sort();
}

/** The nested text of some TLD subtrees, TLDs and children sorted. */
export function encodeSubtrees(subtrees: ReadonlyMap<string, SuffixNode>, tlds: Iterable<string> = subtrees.keys()): string {
  const node = (label: string, value: SuffixNode): string => {
    const children = value.children ? `(${[...value.children.keys()].sort().map((child) => node(child, value.children?.get(child) as SuffixNode)).join(",")})` : "";
    return `${value.flags}${label}${children}`;
  };
  return [...tlds]
    .filter((tld) => subtrees.has(tld))
    .sort()
    .map((tld) => node(tld, subtrees.get(tld) as SuffixNode))
    .join(",");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(detail: string): DomainDataError {
  return new DomainDataError("domain_data_invalid", detail);
}

/**
 * Reads nested text back into TLD subtrees. @throws DomainDataError `domain_data_invalid` when it is
 * malformed: a flag that is not 0–3, an empty label, a label twice below one node, a `*` TLD,
 * unbalanced parentheses, or text after the end.
 */
export function decodeSubtrees(text: string, where: string): Map<string, SuffixNode> {
  let at = 0;
  const fail = (detail: string): never => {
    throw invalid(`${where}: ${detail} at ${at}.`);
  };
  const list = (): Map<string, SuffixNode> => {
    const children = new Map<string, SuffixNode>();
    for (;;) {
      const flag = text.charCodeAt(at) - 48;
      if (!(flag >= 0 && flag <= 3)) fail("a node does not start with its flag");
      at += 1;
      const start = at;
      while (at < text.length && !SYNTAX.test(text.charAt(at))) at += 1;
      const label = text.slice(start, at);
      if (label === "") fail("an empty label");
      if (children.has(label)) fail(`the label ${JSON.stringify(label)} twice`);
      let grandchildren: Map<string, SuffixNode> | undefined;
      if (text.charAt(at) === "(") {
        at += 1;
        grandchildren = list();
        if (text.charAt(at) !== ")") fail("an unclosed parenthesis");
        at += 1;
      }
      children.set(label, { flags: flag, children: grandchildren });
      if (text.charAt(at) !== ",") return children;
      at += 1;
    }
  };
  if (text === "") return new Map();
  const top = list();
  if (at !== text.length) fail("text after the end");
  if (top.has("*")) fail('a "*" TLD');
  return top;
}

/** The subtrees of a forest whose TLD is in `bucket`. */
export function bucketForest(forest: SuffixForest, bucket: number): SuffixForest {
  const pick = (all: ReadonlyMap<string, SuffixNode>): Map<string, SuffixNode> => new Map([...all].filter(([tld]) => bucketOf(tld) === bucket));
  return { rules: pick(forest.rules), exceptions: pick(forest.exceptions) };
}

/** The TLDs a forest holds, sorted. */
export function forestTlds(forest: SuffixForest): string[] {
  return [...new Set([...forest.rules.keys(), ...forest.exceptions.keys()])].sort();
}

/** One bucket's file (the build's side). `version` is the caller's content hash. */
export function encodePslBucket(parts: { forest: SuffixForest; bucket: number; trieFormat: string; version: string }): PslBucketFile {
  const forest = bucketForest(parts.forest, parts.bucket);
  return {
    format: DOMAIN_DATA_FORMAT,
    kind: "psl",
    trieFormat: parts.trieFormat,
    version: parts.version,
    bucket: parts.bucket,
    buckets: PSL_BUCKETS,
    tlds: forestTlds(forest),
    rules: encodeSubtrees(forest.rules),
    exceptions: encodeSubtrees(forest.exceptions),
  };
}

/** The confusables' file (the build's side). */
export function encodeConfusables(parts: { confusables: ConfusablesData; confusablesUnicode: string; source: string; version: string }): ConfusablesFile {
  return { format: DOMAIN_DATA_FORMAT, kind: "confusables", version: parts.version, source: parts.source, confusablesUnicode: parts.confusablesUnicode, confusables: { ...parts.confusables } };
}

/** `domain-data.json` (the build's side): every TLD and the confusables. */
export function encodeDomainData(parts: {
  forest: SuffixForest;
  confusables: ConfusablesData;
  confusablesUnicode: string;
  trieFormat: string;
  version: string;
  sources: Record<string, string>;
}): DomainDataFile {
  return {
    format: DOMAIN_DATA_FORMAT,
    kind: "all",
    trieFormat: parts.trieFormat,
    version: parts.version,
    sources: { ...parts.sources },
    buckets: PSL_BUCKETS,
    rules: encodeSubtrees(parts.forest.rules),
    exceptions: encodeSubtrees(parts.forest.exceptions),
    confusablesUnicode: parts.confusablesUnicode,
    confusables: { ...parts.confusables },
  };
}

interface Expected {
  /** What this script's lookup reproduces; `undefined` accepts any (tests, tools). */
  trieFormat?: string | undefined;
}

/** The checks every file shares: an object of this format and kind, with a version. */
function header(json: unknown, kind: string, expected: Expected, withTrie: boolean): Record<string, unknown> {
  if (!isRecord(json)) throw invalid("The file is not a JSON object.");
  if (json["format"] !== DOMAIN_DATA_FORMAT) throw new DomainDataError("domain_data_incompatible", `format ${JSON.stringify(json["format"])}, expected ${DOMAIN_DATA_FORMAT}.`);
  if (json["kind"] !== kind) throw invalid(`kind ${JSON.stringify(json["kind"])}, expected ${JSON.stringify(kind)}.`);
  if (withTrie) {
    if (expected.trieFormat !== undefined && json["trieFormat"] !== expected.trieFormat) {
      throw new DomainDataError("domain_data_incompatible", `trieFormat ${JSON.stringify(json["trieFormat"])}, expected ${JSON.stringify(expected.trieFormat)}.`);
    }
    if (json["buckets"] !== PSL_BUCKETS) throw new DomainDataError("domain_data_incompatible", `buckets ${JSON.stringify(json["buckets"])}, expected ${PSL_BUCKETS}.`);
  }
  const version = json["version"];
  if (typeof version !== "string" || version === "") throw invalid("version is missing.");
  return json;
}

function forestOf(json: Record<string, unknown>): SuffixForest {
  const rules = json["rules"];
  const exceptions = json["exceptions"];
  if (typeof rules !== "string" || typeof exceptions !== "string") throw invalid("rules or exceptions is not text.");
  return { rules: decodeSubtrees(rules, "rules"), exceptions: decodeSubtrees(exceptions, "exceptions") };
}

function confusablesOf(json: Record<string, unknown>): Confusables {
  const rawConfusables = json["confusables"];
  if (!isRecord(rawConfusables)) throw invalid("confusables is missing.");
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
  return { confusables, confusablesUnicode, version: json["version"] as string };
}

/**
 * Reads a parsed bucket file (the script's side). Its TLDs must all hash to its bucket and be exactly
 * the ones it lists: a file holding part of a bucket would make the missing TLDs look unlisted.
 * @throws DomainDataError `domain_data_incompatible` (another format, trieFormat or K), `domain_data_invalid` (anything malformed)
 */
export function decodePslBucket(json: unknown, expected: Expected & { bucket?: number } = {}): PslBucket {
  const file = header(json, "psl", expected, true);
  const bucket = file["bucket"];
  if (typeof bucket !== "number" || !Number.isInteger(bucket) || bucket < 0 || bucket >= PSL_BUCKETS) throw invalid(`bucket ${JSON.stringify(bucket)} is not a bucket.`);
  if (expected.bucket !== undefined && bucket !== expected.bucket) throw invalid(`bucket ${bucket}, expected ${expected.bucket}.`);
  const forest = forestOf(file);
  const tlds = forestTlds(forest);
  for (const tld of tlds) if (bucketOf(tld) !== bucket) throw invalid(`the TLD ${JSON.stringify(tld)} is not in bucket ${bucket}.`);
  const listed = file["tlds"];
  if (!Array.isArray(listed) || JSON.stringify([...(listed as unknown[])].sort()) !== JSON.stringify(tlds)) throw invalid("tlds is not the list of the TLDs the file holds.");
  return { bucket, forest, version: file["version"] as string };
}

/** Reads a parsed confusables file (the script's side). @throws DomainDataError as {@link decodePslBucket} */
export function decodeConfusables(json: unknown): Confusables {
  return confusablesOf(header(json, "confusables", {}, false));
}

/** Reads a parsed `domain-data.json` (the task pane's side). @throws DomainDataError as {@link decodePslBucket} */
export function decodeDomainData(json: unknown, expected: Expected = {}): DomainData {
  const file = header(json, "all", expected, true);
  return { forest: forestOf(file), confusables: confusablesOf(file), version: file["version"] as string };
}
