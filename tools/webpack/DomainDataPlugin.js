// @ts-check
"use strict";

const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const webpack = require("webpack");
const tsx = require("tsx/cjs/api");
const { ROOT, loadTs } = require("./buildSettings");

const DOMAIN_DATA_DIR = path.join(ROOT, "src/office/domainData");
/** The office bundles' stand-ins for the packages' data (src/office/domainData/README.md). */
const DOMAIN_DATA_MODULES = {
  suffixLookup: path.join(DOMAIN_DATA_DIR, "suffixLookup.ts"),
  confusables: path.join(DOMAIN_DATA_DIR, "confusables.ts"),
};
/** src/core/lookalike.ts's import of the confusables table (tools/confusables/generate.ts writes it). */
const CONFUSABLES_FILE = path.join(ROOT, "src/core/confusables.json");

/** A package's folder, symlinks resolved (webpack resolves them too). */
function packageDir(name) {
  return fs.realpathSync(path.dirname(require.resolve(`${name}/package.json`, { paths: [ROOT] })));
}

/** The first 16 hex digits of the SHA-256 of a JSON value. */
function hashOf(value) {
  return crypto.createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}

/**
 * The domain-data files, serialised from tldts's `dist/es6/src/data/trie.js` (the module webpack
 * would bundle, through tldts's `module` field) and src/core/confusables.json (generated from ICU's
 * Unicode data, its version inside): one file per Public Suffix List bucket, the confusables, and
 * domain-data.json holding both whole. Throws when tldts's trie module no longer has the layout
 * domainDataFile.ts reads (TRIE_LAYOUT), when it cannot be split by TLD, or when decoding the files
 * written does not give back exactly the rules and exceptions of tldts's trie.
 */
function domainData() {
  const file = loadTs("src/office/domainData/domainDataFile.ts");
  const { DOMAIN_DATA_FILE } = loadTs("src/office/domainData/loadDomainData.ts");
  const tldtsDir = packageDir("tldts");
  const versionOf = (dir) => String(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version);
  const tldtsSourceDir = path.join(tldtsDir, "dist/es6");
  const trie = file.readTrieModule(tsx.require(path.join(tldtsSourceDir, "src/data/trie.js"), __filename));
  const forest = file.forestOfTrie(trie);
  const confusablesFile = JSON.parse(fs.readFileSync(CONFUSABLES_FILE, "utf8"));
  const trieFormat = file.trieFormatOf(versionOf(tldtsDir));
  const confusablesSource = `Unicode ${confusablesFile.unicode} (ICU ${confusablesFile.icu})`;

  /** @type {{ path: string, text: string, version: string }[]} */
  const files = [];
  const add = (filePath, encode) => {
    const version = hashOf(encode(""));
    files.push({ path: filePath, text: JSON.stringify(encode(version)), version });
  };
  for (let bucket = 0; bucket < file.PSL_BUCKETS; bucket += 1) {
    add(file.pslBucketPath(bucket), (version) => file.encodePslBucket({ forest, bucket, trieFormat, version }));
  }
  const confusables = { confusables: confusablesFile.confusables, confusablesUnicode: String(confusablesFile.unicode) };
  add(file.CONFUSABLES_PATH, (version) => file.encodeConfusables({ ...confusables, source: confusablesSource, version }));
  add(DOMAIN_DATA_FILE, (version) =>
    file.encodeDomainData({ forest, ...confusables, trieFormat, version, sources: { tldts: versionOf(tldtsDir), confusables: confusablesSource } }),
  );
  verify(file, trie, files, DOMAIN_DATA_FILE, trieFormat);
  const whole = /** @type {{ path: string, text: string, version: string }} */ (files.find((f) => f.path === DOMAIN_DATA_FILE));
  return { file: DOMAIN_DATA_FILE, text: whole.text, version: whole.version, files, trieFormat, tldtsSourceDir };
}

/**
 * Decodes what was written, as the scripts will, and compares it with tldts's trie rule by rule
 * (both roots): the bucket files together, and domain-data.json alone. Throws on any difference.
 */
function verify(file, trie, files, wholeFile, trieFormat) {
  const expected = file.enumerateTrie(trie);
  const rules = new Map();
  const exceptions = new Map();
  for (let bucket = 0; bucket < file.PSL_BUCKETS; bucket += 1) {
    const written = /** @type {{ text: string }} */ (files.find((f) => f.path === file.pslBucketPath(bucket)));
    const decoded = file.decodePslBucket(JSON.parse(written.text), { trieFormat, bucket });
    for (const [tld, node] of decoded.forest.rules) rules.set(tld, node);
    for (const [tld, node] of decoded.forest.exceptions) exceptions.set(tld, node);
  }
  const whole = file.decodeDomainData(JSON.parse(/** @type {{ text: string }} */ (files.find((f) => f.path === wholeFile)).text), { trieFormat });
  file.decodeConfusables(JSON.parse(/** @type {{ text: string }} */ (files.find((f) => f.path === file.CONFUSABLES_PATH)).text));
  for (const [name, forest] of [
    ["the bucket files", { rules, exceptions }],
    [wholeFile, whole.forest],
  ]) {
    const got = file.enumerateForest(forest);
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      const missing = expected.filter((rule) => !got.includes(rule)).slice(0, 5);
      const extra = got.filter((rule) => !expected.includes(rule)).slice(0, 5);
      throw new Error(`DomainDataPlugin: ${name} do not hold exactly tldts's rules (${got.length} vs ${expected.length}; missing ${missing.join(", ")}; extra ${extra.join(", ")})`);
    }
  }
}

/**
 * Keeps the packages' data out of an office bundle and writes the domain-data files instead. Two
 * requests are redirected to src/office/domainData (the packages' code itself is bundled unchanged):
 * - tldts's `./src/suffix-trie` (imported by tldts's index) → suffixLookup.ts, the same lookup over
 *   the Public Suffix List buckets loaded at run time; tldts's `./data/trie` is then imported by nothing;
 * - src/core/confusables.json → confusables.ts, the same shape with its table filled in place.
 * The build fails when one of them did not happen (a package moved its data) or the original
 * modules still made it into the bundle.
 */
class DomainDataPlugin {
  /** @param {ReturnType<typeof domainData>} data */
  /** @param {{ emit?: boolean }} [options] `emit: false` for a second compilation that reads the files the first one writes */
  constructor(data, options = {}) {
    this.data = data;
    this.emit = options.emit !== false;
  }

  /** @param {webpack.Compiler} compiler */
  apply(compiler) {
    const name = "DomainDataPlugin";
    const { tldtsSourceDir } = this.data;
    const originals = [path.join(tldtsSourceDir, "src/data/trie.js"), path.join(tldtsSourceDir, "src/suffix-trie.js"), CONFUSABLES_FILE];
    compiler.hooks.thisCompilation.tap(name, (compilation, { normalModuleFactory }) => {
      normalModuleFactory.hooks.beforeResolve.tap(name, (resolveData) => {
        const { request, context } = resolveData;
        if (request === "./src/suffix-trie" && context === tldtsSourceDir) resolveData.request = DOMAIN_DATA_MODULES.suffixLookup;
        else if (request === "./confusables.json" && context === path.dirname(CONFUSABLES_FILE)) resolveData.request = DOMAIN_DATA_MODULES.confusables;
      });
      // Checked on the modules themselves (not on the redirections seen), which holds on cached rebuilds too.
      compilation.hooks.finishModules.tap(name, (modules) => {
        const resources = new Set();
        for (const module of modules) resources.add(/** @type {{ resource?: string }} */ (module).resource);
        for (const standIn of Object.values(DOMAIN_DATA_MODULES)) {
          if (!resources.has(standIn)) compilation.errors.push(new webpack.WebpackError(`${name}: ${path.relative(ROOT, standIn)} is not in the bundle: the package's data was not redirected`));
        }
        for (const original of originals) {
          if (resources.has(original)) compilation.errors.push(new webpack.WebpackError(`${name}: ${path.relative(ROOT, original)} is still in the bundle`));
        }
      });
      if (!this.emit) return;
      compilation.hooks.processAssets.tap({ name, stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        for (const file of this.data.files) compilation.emitAsset(file.path, new webpack.sources.RawSource(file.text));
      });
    });
  }
}

module.exports = { DomainDataPlugin, domainData, DOMAIN_DATA_MODULES };
