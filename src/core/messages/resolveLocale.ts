/** Picks the catalogue for a BCP 47 tag: exact match, then the language, then en-US. */
import type { Catalogue, SupportedLocale } from "./Catalogue";
import { deDE } from "./catalogues/de";
import { enGB, enUS } from "./catalogues/en";
import { esES } from "./catalogues/es";
import { frFR } from "./catalogues/fr";

const CATALOGUES: Readonly<Record<SupportedLocale, Catalogue>> = {
  "en-US": enUS,
  "en-GB": enGB,
  "de-DE": deDE,
  "fr-FR": frFR,
  "es-ES": esES,
};

/** Regions that write American English (CLDR: their English does not inherit from en-001). */
const AMERICAN_ENGLISH_REGIONS = new Set(["US", "AS", "GU", "MP", "PR", "UM", "VI"]);

/** The catalogue for each language, when the region has none of its own. */
const BY_LANGUAGE: Readonly<Record<string, SupportedLocale>> = { de: "de-DE", fr: "fr-FR", es: "es-ES" };

/**
 * The supported locale for a BCP 47 tag (case-insensitive, `_` accepted): the exact locale if it
 * has a catalogue; else by language ("de-AT" → de-DE, "fr" → fr-FR; English outside the United
 * States → en-GB, as CLDR's en-001); else en-US.
 */
export function resolveLocale(tag: string | undefined): SupportedLocale {
  if (!tag) return "en-US";
  const subtags = tag.trim().replace(/_/g, "-").split("-");
  const language = (subtags[0] ?? "").toLowerCase();
  let region: string | undefined;
  for (const subtag of subtags.slice(1)) {
    if (subtag.length <= 1) break; // an extension or private-use singleton: no region after it
    if (/^(?:[A-Za-z]{2}|[0-9]{3})$/.test(subtag)) {
      region = subtag.toUpperCase();
      break;
    }
  }
  const exact = `${language}-${region ?? ""}`;
  if (exact in CATALOGUES) return exact as SupportedLocale;
  if (language === "en") return region !== undefined && !AMERICAN_ENGLISH_REGIONS.has(region) ? "en-GB" : "en-US";
  return BY_LANGUAGE[language] ?? "en-US";
}

/** The catalogue for any tag, after `resolveLocale`. */
export function catalogueFor(tag: string | undefined): Catalogue {
  return CATALOGUES[resolveLocale(tag)];
}
