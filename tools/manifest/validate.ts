/**
 * `npm run validate`: every offline check of the manifests, no network.
 *
 *  1. manifest.xml against the add-in manifest schemas (tools/manifest/schema/, xmllint-wasm) and
 *     the semantic checks a schema cannot express (`checkManifestFully`), icons in assets/;
 *  2. dist/manifest.xml the same way, when a build is there (a production origin included);
 *  3. the unified JSON manifest made from manifest.xml, with office-addin-manifest's validator and its
 *     bundled JSON schema, the network blocked (unifiedValidate.ts).
 *
 * Exit 0 when everything passes, 1 on any problem. `npm run validate:online` is Microsoft's service.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { DEV_ORIGIN, checkManifestFully } from "./manifestChecks";
import { UNIFIED_ICON_PATHS, buildUnifiedManifest, serializeUnifiedManifest, unifiedLanguageFilesFromXml } from "./unifiedManifest";
import { serializeLanguageFile } from "./unifiedLocalization";

const ROOT = resolve(__dirname, "..", "..");

async function checkXml(file: string, assetsDir: string | undefined): Promise<boolean> {
  const problems = await checkManifestFully(readFileSync(file, "utf8"), assetsDir ? { assetsDir } : {});
  for (const problem of problems) console.error(`  ${problem.code}: ${problem.message}`);
  console.log(`${relative(ROOT, file)}: ${problems.length === 0 ? "valid (schema and semantic checks)" : `${problems.length} problem(s)`}`);
  return problems.length === 0;
}

function checkUnified(): boolean {
  const dir = mkdtempSync(join(tmpdir(), "guard-unified-"));
  try {
    const file = join(dir, "manifest.json");
    writeFileSync(file, serializeUnifiedManifest(buildUnifiedManifest({ origin: DEV_ORIGIN })));
    const languages = unifiedLanguageFilesFromXml(readFileSync(join(ROOT, "manifest.xml"), "utf8"), { origin: DEV_ORIGIN });
    for (const language of languages) writeFileSync(join(dir, language.file), serializeLanguageFile(language));
    for (const icon of Object.values(UNIFIED_ICON_PATHS)) cpSync(join(ROOT, icon), join(dir, icon), { recursive: true });
    // office-addin-manifest is an ES module with dependencies that want their own process.
    const result = spawnSync(process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), join(__dirname, "unifiedValidate.ts"), file], { encoding: "utf8" });
    const ok = result.status === 0;
    if (!ok) console.error(result.stdout, result.stderr);
    console.log(
      `unified manifest (from manifest.xml, ${languages.length} more languages: ${languages.map((l) => l.languageTag).join(", ")}): ${ok ? "valid against its bundled JSON schema, no network used" : "invalid"}`,
    );
    return ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const results = [await checkXml(join(ROOT, "manifest.xml"), join(ROOT, "assets"))];
  const built = join(ROOT, "dist", "manifest.xml");
  if (existsSync(built)) results.push(await checkXml(built, join(ROOT, "dist", "assets")));
  results.push(checkUnified());
  return results.every(Boolean) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
