import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_MANIFEST_PATH, unifiedLanguageFilesFromXml, unifiedManifestFromXml } from "../../tools/manifest/unifiedManifest";
import { UNIFIED_SHORT_DESCRIPTIONS } from "../../tools/manifest/unifiedLocalization";

/** The unified manifest carries the XML manifest's translations, one language file per locale. */

const XML = readFileSync(DEFAULT_MANIFEST_PATH, "utf8");
const ORIGIN = "https://addins.example.org";
/** The localization schema bundled with @microsoft/app-manifest (what the offline validator uses). */
const SCHEMA = JSON.parse(
  readFileSync(join(require.resolve("@microsoft/app-manifest/package.json"), "..", "build", "json-schemas", "teams", "v1.30", "MicrosoftTeams.Localization.schema.json"), "utf8"),
) as { properties: Record<string, { maxLength?: number }>; patternProperties: Record<string, { maxLength?: number }>; required: string[] };

describe("unified manifest languages", () => {
  const manifest = unifiedManifestFromXml(XML, { origin: ORIGIN });
  const files = unifiedLanguageFilesFromXml(XML, { origin: ORIGIN });

  it("names one file per locale the XML translates", () => {
    expect(files.map((f) => f.languageTag)).toEqual(["en-gb", "de-de", "fr-fr", "es-es"]);
    expect(manifest.localizationInfo.additionalLanguages).toEqual(files.map(({ languageTag, file }) => ({ languageTag, file })));
  });

  it("carries the XML's translations of the description and the button", () => {
    const german = files.find((f) => f.languageTag === "de-de")?.content ?? {};
    expect(german["description.full"]).toMatch(/^Zeigt vor dem Senden/);
    expect(german["description.short"]).toBe(UNIFIED_SHORT_DESCRIPTIONS["de-DE"]);
    expect(Object.entries(german).find(([key]) => key.endsWith(".controls[0].label"))?.[1]).toBe("Empfänger prüfen");
    expect(Object.entries(german).find(([key]) => key.endsWith(".controls[0].supertip.title"))?.[1]).toBe("Wen erreicht diese Nachricht?");
  });

  it.each(["en-gb", "de-de", "fr-fr", "es-es"])("writes %s with only keys and lengths the localization schema allows", (tag) => {
    const content = files.find((f) => f.languageTag === tag)?.content ?? {};
    for (const key of SCHEMA.required) expect(content).toHaveProperty([key]);
    for (const [key, value] of Object.entries(content)) {
      const rule = SCHEMA.properties[key] ?? Object.entries(SCHEMA.patternProperties).find(([pattern]) => new RegExp(pattern).test(key))?.[1];
      expect([key, rule === undefined]).toEqual([key, false]);
      if (rule?.maxLength !== undefined) expect(value.length).toBeLessThanOrEqual(rule.maxLength);
    }
  });
});
