import { join } from "node:path";
import { build } from "esbuild";

/**
 * The simulator's own browser scripts, bundled in memory with esbuild at start-up: the compose page
 * (which bundles src/core's policy validation) and the Office shim the add-in's pages load instead
 * of office.js.
 */
export interface PageBundles {
  composeJs: string;
  officeShimJs: string;
}

const PAGE_DIR = join(__dirname, "page");

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [join(PAGE_DIR, entry)],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    sourcemap: "inline",
    charset: "utf8",
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced nothing for ${entry}`);
  return file.text;
}

export async function buildPageBundles(): Promise<PageBundles> {
  const [composeJs, officeShimJs] = await Promise.all([bundle("compose.ts"), bundle("officeShim.ts")]);
  return { composeJs, officeShimJs };
}
