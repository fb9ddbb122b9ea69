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
 *   chunk, no dev-server client), ES2020 syntax throughout — node_modules included — the engines of
 *   every client the manifest's Mailbox 1.14 floor admits (tools/webpack/buildSettings.js says which
 *   and why). It also writes launchevent.html, manifest.xml, the well-known file, policy.json,
 *   policy.schema.json and the icons. After emitting, the script must parse as ES2020 (acorn) and stay
 *   within the gzip budget, or the build fails.
 *   Syntax is lowered to ES2020 once for the whole script, after bundling (EsbuildPlugin), not per
 *   module: lowered per module, every module carried its own copy of esbuild's helpers (`__async`,
 *   `__spreadValues`, `__publicField`…), about 6 KB gzipped in all.
 *   The data domain parsing needs — tldts's Public Suffix List and the look-alike table of
 *   src/core/confusables.json — is not in the script: it is written to domain-data/ (64 bucket
 *   files of the list by top-level domain, and confusables.json), of which a Send fetches what its
 *   domains need, and to domain-data.json, all of it in one file (DomainDataPlugin;
 *   src/office/domainData/README.md).
 * - taskpane: src/taskpane/index.tsx → taskpane.js, msal.[hash].js (MSAL, loaded at start-up without
 *   blocking the first render) and taskpane.html (skipped while the entry is absent). Its tldts and
 *   look-alike table read domain-data.json, the same redirections as above.
 *
 * The plugins live in tools/webpack/ (see its README); this file lists the entries and rules.
 *
 * `npm run dev-server` (webpack serve) adds tools/webpack/devServer.js's `devServer` section: the same
 * compilations, served over HTTPS at the origin with development certificates, nothing injected.
 *
 * dist/manifest.xml is checked offline here (tools/manifest checkManifest). `npm run validate:online`
 * runs Microsoft's `office-addin-manifest validate` on it, which needs Microsoft's online service (and
 * npx fetches the tool): it is never run by the tests.
 */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const { EsbuildPlugin } = require("esbuild-loader");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const webpack = require("webpack");
const {
  DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES,
  LAUNCH_EVENT_ECMA_VERSION,
  LAUNCH_EVENT_MODULE_SYNTAX,
  LAUNCH_EVENT_SCRIPT,
  OFFICE_JS_URL,
  RESOLVE_EXTENSIONS,
  ROOT,
  settings,
} = require("./tools/webpack/buildSettings");
const { DeploymentFilesPlugin } = require("./tools/webpack/DeploymentFilesPlugin");
const { devServerConfig } = require("./tools/webpack/devServer");
const { DomainDataPlugin, domainData } = require("./tools/webpack/DomainDataPlugin");
const { LaunchEventBudgetPlugin } = require("./tools/webpack/LaunchEventBudgetPlugin");

/** esbuild for TypeScript and JavaScript, to one syntax level, node_modules included. */
function scriptRule(target) {
  return { test: /\.[cm]?[jt]sx?$/, loader: "esbuild-loader", options: { target } };
}

/**
 * @param {Record<string, unknown>} env `WEBPACK_SERVE` is set by `webpack serve`
 * @param {{ mode?: "production" | "development" | "none" }} argv
 * @returns {webpack.Configuration[] | Promise<webpack.Configuration[]>}
 */
module.exports = (env = {}, argv = {}) => {
  const configs = compilations(argv);
  if (!env.WEBPACK_SERVE) return configs;
  // webpack serve takes the devServer section of the first compilation and serves them all.
  return devServerConfig(settings()).then((devServer) => [{ ...configs[0], devServer }, ...configs.slice(1)]);
};

/**
 * @param {{ mode?: "production" | "development" | "none" }} argv
 * @returns {webpack.Configuration[]}
 */
function compilations(argv) {
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
      // MSAL's non-nested sign-in (pop-ups, redirects) cannot run in an event handler: a stand-in that
      // throws keeps it out of the script (src/launchevent/standardControllerStandIn.ts).
      new webpack.NormalModuleReplacementPlugin(/[\\/]controllers[\\/]StandardController\.mjs$/, (resource) => {
        if (/@azure[\\/]msal-browser[\\/]/.test(resource.context ?? "")) resource.request = path.join(ROOT, "src/launchevent/standardControllerStandIn.ts");
      }),
      // Lowers the bundle to ES2020 with one copy of esbuild's helpers, inside an IIFE (no globals).
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
      // The size budget is for what ships: a development build (unminified, dev-server) only reports it.
      new LaunchEventBudgetPlugin({ maxGzipBytes: options.maxGzipBytes, data, enforceBudget: production }),
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
}

module.exports.DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES = DEFAULT_LAUNCH_EVENT_MAX_GZIP_BYTES;
module.exports.LAUNCH_EVENT_ECMA_VERSION = LAUNCH_EVENT_ECMA_VERSION;
