// @ts-check
"use strict";

const zlib = require("node:zlib");
const acorn = require("acorn");
const webpack = require("webpack");
const { LAUNCH_EVENT_ECMA_VERSION, LAUNCH_EVENT_SCRIPT } = require("./buildSettings");

/** Fails the build when the emitted launch-event script is not of its syntax level (buildSettings.js) or is over its gzip budget; prints its size and the data file's. */
class LaunchEventBudgetPlugin {
  /**
   * @param {{ maxGzipBytes: number, enforceBudget?: boolean, data?: { file: string, text: string, version: string, files?: { path: string, text: string }[] } }} options
   *   `enforceBudget` false (a development build) makes the budget a warning; the syntax check always fails the build.
   */
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
      logger.info(`${LAUNCH_EVENT_SCRIPT}: ${kb(Buffer.byteLength(code))}${this.options.enforceBudget === false ? "" : " minified"}, ${kb(gzipped)} gzipped (budget ${kb(this.options.maxGzipBytes)})`);
      if (this.options.data) {
        const { file, text, version } = this.options.data;
        const dataGzipped = zlib.gzipSync(Buffer.from(text, "utf8"), { level: 9 }).length;
        logger.info(`${file}: ${kb(Buffer.byteLength(text))}, ${kb(dataGzipped)} gzipped, version ${version} (every TLD and the confusables, for the task pane)`);
        const gz = (/** @type {string} */ body) => zlib.gzipSync(Buffer.from(body, "utf8"), { level: 9 }).length;
        const buckets = (this.options.data.files ?? []).filter((f) => /\/psl-\d+\.json$/.test(f.path)).map((f) => gz(f.text));
        const confusables = (this.options.data.files ?? []).find((f) => f.path.endsWith("/confusables.json"));
        if (buckets.length > 0 && confusables) {
          const sorted = [...buckets].sort((a, b) => a - b);
          logger.info(
            `domain-data/: ${buckets.length} Public Suffix List buckets, ${kb(buckets.reduce((a, b) => a + b, 0))} gzipped in all (largest ${kb(sorted[sorted.length - 1] ?? 0)}, median ${kb(sorted[Math.floor(sorted.length / 2)] ?? 0)}); confusables.json ${kb(gz(confusables.text))} gzipped (fetched by ${LAUNCH_EVENT_SCRIPT} as a message needs them)`,
          );
        }
      }
      if (gzipped > this.options.maxGzipBytes) {
        const problem = new webpack.WebpackError(`${LAUNCH_EVENT_SCRIPT} is ${kb(gzipped)} gzipped, over its budget of ${kb(this.options.maxGzipBytes)} (LAUNCHEVENT_MAX_GZIP_BYTES)`);
        (this.options.enforceBudget === false ? compilation.warnings : compilation.errors).push(problem);
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

module.exports = { LaunchEventBudgetPlugin };
