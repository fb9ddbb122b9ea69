/**
 * The unified manifest's languages, made from the XML manifest's `Override` elements so that both
 * manifests say the same in every locale: `localizationInfo.additionalLanguages` names one file per
 * locale (`de-de.json`, …) beside manifest.json, holding the translated name, descriptions, ribbon
 * group and button texts (office-js-docs-pr: develop/localization.md, "Localize the unified
 * manifest"; the keys are those of MicrosoftTeams.Localization.schema.json).
 *
 * The XML has no short description (the unified manifest requires one, at most 80 characters, in
 * every language file), so `UNIFIED_SHORT_DESCRIPTIONS` translates `UNIFIED_SHORT_DESCRIPTION`.
 */
import { DOMParser, type Element as XmlElement } from "@xmldom/xmldom";

/** The localization file schema of the unified manifest version this project writes (1.30). */
export const UNIFIED_LOCALIZATION_SCHEMA_URL = "https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.Localization.schema.json";

/** `description.short` by locale (the default language's is `UNIFIED_SHORT_DESCRIPTION`); ≤ 80 characters. */
export const UNIFIED_SHORT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  "en-GB": "Before you send: how many people a message really reaches, and who is external.",
  "de-DE": "Vor dem Senden: wie viele Personen eine Nachricht erreicht und wer extern ist.",
  "fr-FR": "Avant l’envoi : combien de personnes un message atteint, et qui est externe.",
  "es-ES": "Antes de enviar: a cuántas personas llega un mensaje y quién es externo.",
};

/** One language file: its tag, its file name beside manifest.json, and its content. */
export interface UnifiedLanguageFile {
  languageTag: string;
  file: string;
  content: Record<string, string>;
}

/** What of the unified manifest is translated: its texts and where the ribbon's controls are. */
export interface LocalizableManifest {
  name: { short: string };
  description: { short: string; full: string };
  extensions: Array<{
    ribbons: Array<{ tabs: Array<{ groups: Array<{ id: string; label: string; controls: Array<{ id: string; label: string; supertip: { title: string; description: string } }> }> }> }>;
  }>;
}

const elements = (parent: XmlElement, localName: string): XmlElement[] =>
  Array.from(parent.getElementsByTagNameNS("*", localName)).filter((el): el is XmlElement => el.nodeType === 1);

const childrenNamed = (parent: XmlElement, localName: string): XmlElement[] =>
  Array.from(parent.childNodes).filter((n): n is XmlElement => n.nodeType === 1 && (n as XmlElement).localName === localName);

/** Locale → value of the `Override` children of `el` (DisplayName, Description, bt:String). */
function overridesOf(el: XmlElement | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of el ? childrenNamed(el, "Override") : []) {
    const locale = o.getAttribute("Locale");
    const value = o.getAttribute("Value");
    if (locale && value !== null) out.set(locale, value);
  }
  return out;
}

/**
 * The language files for `manifest` (made from `xml` by `unifiedManifestFromXml`): one per locale
 * that any `Override` names, in the order they first appear. A text with no override for a locale
 * keeps the default language's.
 */
export function unifiedLanguageFiles(xml: string, manifest: LocalizableManifest): UnifiedLanguageFile[] {
  const root = new DOMParser().parseFromString(xml, "text/xml").documentElement;
  if (!root) return [];
  const top = (name: string) => childrenNamed(root, name)[0];
  const displayName = overridesOf(top("DisplayName"));
  const description = overridesOf(top("Description"));
  const strings = new Map(elements(root, "String").map((s) => [s.getAttribute("id") ?? "", overridesOf(s)]));
  const control = new Map(elements(root, "Control").map((c) => [c.getAttribute("id") ?? "", c]));
  const group = new Map(elements(root, "Group").map((g) => [g.getAttribute("id") ?? "", g]));
  const residOf = (el: XmlElement | undefined, ...path: string[]): string | undefined => {
    let at = el;
    for (const name of path) at = at ? childrenNamed(at, name)[0] : undefined;
    return at?.getAttribute("resid") ?? undefined;
  };

  const locales: string[] = [];
  for (const o of elements(root, "Override")) {
    const locale = o.getAttribute("Locale");
    if (locale && !locales.includes(locale)) locales.push(locale);
  }

  return locales.map((locale) => {
    const say = (resid: string | undefined, fallback: string): string => (resid ? strings.get(resid)?.get(locale) : undefined) ?? fallback;
    const content: Record<string, string> = {
      $schema: UNIFIED_LOCALIZATION_SCHEMA_URL,
      "name.short": displayName.get(locale) ?? manifest.name.short,
      "description.short": UNIFIED_SHORT_DESCRIPTIONS[locale] ?? manifest.description.short,
      "description.full": description.get(locale) ?? manifest.description.full,
    };
    manifest.extensions.forEach((extension, e) =>
      extension.ribbons.forEach((ribbon, r) =>
        ribbon.tabs.forEach((tab, t) =>
          tab.groups.forEach((g, gi) => {
            const path = `extensions[${e}].ribbons[${r}].tabs[${t}].groups[${gi}]`;
            content[`${path}.label`] = say(residOf(group.get(g.id), "Label"), g.label);
            g.controls.forEach((c, ci) => {
              const el = control.get(c.id);
              content[`${path}.controls[${ci}].label`] = say(residOf(el, "Label"), c.label);
              content[`${path}.controls[${ci}].supertip.title`] = say(residOf(el, "Supertip", "Title"), c.supertip.title);
              content[`${path}.controls[${ci}].supertip.description`] = say(residOf(el, "Supertip", "Description"), c.supertip.description);
            });
          }),
        ),
      ),
    );
    return { languageTag: locale.toLowerCase(), file: `${locale.toLowerCase()}.json`, content };
  });
}

/** The text of one language file: two-space JSON with a final newline. */
export function serializeLanguageFile(file: UnifiedLanguageFile): string {
  return `${JSON.stringify(file.content, null, 2)}\n`;
}
