// @ts-check
"use strict";

const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const webpack = require("webpack");
const tsx = require("tsx/cjs/api");
const { ROOT, loadTs } = require("./buildSettings");

const DOMAIN_DATA_DIR = path.join(ROOT, "src/office/domainData");
/** The launch-event bundle's stand-ins for the packages' data (src/office/domainData/README.md). */
const DOMAIN_DATA_MODULES = {
  tldts: path.join(DOMAIN_DATA_DIR, "tldts.ts"),
  trie: path.join(DOMAIN_DATA_DIR, "tldtsTrie.ts"),
  confusables: path.join(DOMAIN_DATA_DIR, "confusables.ts"),
};
/** src/core/lookalike.ts's import of the confusables table (tools/confusables/generate.ts writes it). */
const CONFUSABLES_FILE = path.join(ROOT, "src/core/confusables.json");

/** A package's folder, symlinks resolved (webpack resolves them too). */
function packageDir(name) {
  return fs.realpathSync(path.dirname(require.resolve(`${name}/package.json`, { paths: [ROOT] })));
}

/**
 * domain-data.json, serialised from tldts's `dist/es6/src/data/trie.js` (the module webpack
 * bundles, through tldts's `module` field) and src/core/confusables.json (generated from ICU's
 * Unicode data, its version inside). Throws when tldts's trie module no longer has the layout the
 * script's stand-in exports (domainDataFile.ts, TRIE_LAYOUT).
 */
function domainData() {
  const { encodeDomainData, readTrieModule, trieFormatOf } = loadTs("src/office/domainData/domainDataFile.ts");
  const { DOMAIN_DATA_FILE } = loadTs("src/office/domainData/loadDomainData.ts");
  const tldtsDir = packageDir("tldts");
  const versionOf = (dir) => String(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version);
  const trieSourceDir = path.join(tldtsDir, "dist/es6/src");
  const trie = readTrieModule(tsx.require(path.join(trieSourceDir, "data/trie.js"), __filename));
  const confusablesFile = JSON.parse(fs.readFileSync(CONFUSABLES_FILE, "utf8"));
  const parts = {
    trie,
    confusables: confusablesFile.confusables,
    confusablesUnicode: String(confusablesFile.unicode),
    trieFormat: trieFormatOf(versionOf(tldtsDir)),
    sources: { tldts: versionOf(tldtsDir), confusables: `Unicode ${confusablesFile.unicode} (ICU ${confusablesFile.icu})` },
  };
  const version = crypto.createHash("sha256").update(JSON.stringify(encodeDomainData({ ...parts, version: "" }))).digest("hex").slice(0, 16);
  return {
    file: DOMAIN_DATA_FILE,
    text: JSON.stringify(encodeDomainData({ ...parts, version })),
    trieFormat: parts.trieFormat,
    version,
    trieSourceDir,
  };
}

/**
 * Keeps the packages' data out of the launch-event script and writes it to domain-data.json instead.
 * Three requests are redirected to src/office/domainData (the packages' code itself is bundled
 * unchanged):
 * - `tldts` → tldts.ts, which requires the real package only once the data is installed (the one
 *   importer left alone is tldts.ts itself): evaluating tldts derives its lookup tables from the trie;
 * - tldts's `./data/trie` → tldtsTrie.ts, the same exports taken from the loaded data;
 * - src/core/confusables.json → confusables.ts, the same shape with its table filled in place.
 * The build fails when one of them did not happen (a package moved its data) or the original data
 * modules still made it into the script.
 */
class DomainDataPlugin {
  /** @param {ReturnType<typeof domainData>} data */
  /** @param {{ emit?: boolean }} [options] `emit: false` for a second compilation that reads the file the first one writes */
  constructor(data, options = {}) {
    this.data = data;
    this.emit = options.emit !== false;
  }

  /** @param {webpack.Compiler} compiler */
  apply(compiler) {
    const name = "DomainDataPlugin";
    const { trieSourceDir } = this.data;
    const originals = [path.join(trieSourceDir, "data/trie.js"), CONFUSABLES_FILE];
    compiler.hooks.thisCompilation.tap(name, (compilation, { normalModuleFactory }) => {
      normalModuleFactory.hooks.beforeResolve.tap(name, (resolveData) => {
        const { request, context } = resolveData;
        if (request === "tldts" && resolveData.contextInfo.issuer !== DOMAIN_DATA_MODULES.tldts) resolveData.request = DOMAIN_DATA_MODULES.tldts;
        else if (request === "./data/trie" && context === trieSourceDir) resolveData.request = DOMAIN_DATA_MODULES.trie;
        else if (request === "./confusables.json" && context === path.dirname(CONFUSABLES_FILE)) resolveData.request = DOMAIN_DATA_MODULES.confusables;
      });
      // Checked on the modules themselves (not on the redirections seen), which holds on cached rebuilds too.
      compilation.hooks.finishModules.tap(name, (modules) => {
        const resources = new Set();
        for (const module of modules) resources.add(/** @type {{ resource?: string }} */ (module).resource);
        for (const standIn of Object.values(DOMAIN_DATA_MODULES)) {
          if (!resources.has(standIn)) compilation.errors.push(new webpack.WebpackError(`${name}: ${path.relative(ROOT, standIn)} is not in the script: the package's data was not redirected`));
        }
        for (const original of originals) {
          if (resources.has(original)) compilation.errors.push(new webpack.WebpackError(`${name}: ${path.relative(ROOT, original)} is still in the script`));
        }
      });
      if (!this.emit) return;
      compilation.hooks.processAssets.tap({ name, stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        compilation.emitAsset(this.data.file, new webpack.sources.RawSource(this.data.text));
      });
    });
  }
}

module.exports = { DomainDataPlugin, domainData, DOMAIN_DATA_MODULES };
