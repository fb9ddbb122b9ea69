/**
 * Validates manifest.xml against the add-in manifest schemas in tools/manifest/schema/ with libxml2
 * compiled to WebAssembly (xmllint-wasm): offline, no native build. The schemas carry what a
 * schema can say (element order, required children, allowed values, resource id and string
 * lengths); `checkManifest` keeps what it cannot (resids that resolve, URLs on the origin, one
 * runtime, icons on disk, the commandId button).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validateXML } from "xmllint-wasm";

const SCHEMA_DIR = join(__dirname, "schema");
/** The root schema first; the others are imported by it (xs:import schemaLocation). */
const SCHEMA_FILES = ["officeapp-1.1.xsd", "officeappbasictypes-1.0.xsd", "mailappversionoverrides-1.0.xsd", "mailappversionoverrides-1.1.xsd"] as const;

/** One schema error: the line in the manifest and libxml2's message. */
export interface SchemaProblem {
  code: "schema_invalid";
  line: number | undefined;
  message: string;
}

function schemaFile(name: string): { fileName: string; contents: string } {
  return { fileName: name, contents: readFileSync(join(SCHEMA_DIR, name), "utf8") };
}

/**
 * The schema problems of a manifest; empty when it is valid. `fileName` only names the document in
 * the messages. Never throws for an invalid or malformed document (that is a problem too).
 */
export async function validateManifestSchema(xml: string, fileName = "manifest.xml"): Promise<SchemaProblem[]> {
  const [root, ...imported] = SCHEMA_FILES.map(schemaFile);
  if (!root) return [];
  const result = await validateXML({ xml: [{ fileName, contents: xml }], schema: [root], preload: imported });
  if (result.valid) return [];
  return result.errors.map((error) => ({
    code: "schema_invalid",
    line: error.loc?.lineNumber,
    message: error.message.trim(),
  }));
}
