/**
 * Command line for {@link checkManifest}: checks a manifest file offline and prints one line per
 * problem. Exit code 0 when there is none, 1 when there are problems, 2 on bad arguments.
 *
 *   npx tsx tools/manifest/checkManifestFile.ts [manifest.xml] [--assets DIR] [--origin https://host]
 *
 * `--origin` is for a production manifest: every URL must be on that origin, none on localhost.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs as parseArgv } from "node:util";
import { checkManifest } from "./manifestChecks";
import type { ManifestCheckOptions } from "./manifestChecks";

/** Parses the arguments; returns an error message for anything it does not understand. */
export function parseArgs(argv: readonly string[]): { file: string; options: ManifestCheckOptions } | string {
  let parsed;
  try {
    parsed = parseArgv({ args: [...argv], options: { assets: { type: "string" }, origin: { type: "string" } }, allowPositionals: true, strict: true });
  } catch (error) {
    return (error as Error).message;
  }
  const [file, ...rest] = parsed.positionals;
  if (rest.length > 0) return `unexpected argument: ${rest[0] ?? ""}`;
  const options: ManifestCheckOptions = {};
  if (parsed.values.assets !== undefined) options.assetsDir = resolve(parsed.values.assets);
  if (parsed.values.origin !== undefined) options.origin = parsed.values.origin;
  return { file: resolve(file ?? "manifest.xml"), options };
}

if (require.main === module) {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === "string") {
    console.error(`${args}\nusage: checkManifestFile.ts [manifest.xml] [--assets DIR] [--origin https://host]`);
    process.exit(2);
  }
  const problems = checkManifest(readFileSync(args.file, "utf8"), args.options);
  for (const p of problems) console.error(`${p.code}: ${p.message}`);
  console.log(problems.length === 0 ? `${args.file}: no problems` : `${args.file}: ${problems.length} problem(s)`);
  process.exit(problems.length === 0 ? 0 : 1);
}
