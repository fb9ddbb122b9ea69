// @ts-check
"use strict";

const acorn = require("acorn");
const webpack = require("webpack");

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

module.exports = { RegExpLiteralCompatPlugin, parsesAs };
