import { SUPPORTED_LOCALES } from "../../src/core/messages";
import { enUS } from "../../src/taskpane/strings/catalogues/en";
import { formatCount } from "../../src/taskpane/strings/formatCount";
import { TASK_PANE_CATALOGUES, stringsFor } from "../../src/taskpane/strings/stringsFor";

/** Every leaf of a catalogue as `path → text`, functions called with sample arguments. */
function leaves(value: unknown, path = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === "string") out.set(path, value);
  else if (typeof value === "function") out.set(path, String((value as (...args: string[]) => unknown)("1", "2")));
  else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) for (const [p, text] of leaves(inner, path ? `${path}.${key}` : key)) out.set(p, text);
  }
  return out;
}

describe("task-pane strings", () => {
  const reference = [...leaves(enUS).keys()].sort();

  it.each(SUPPORTED_LOCALES)("%s has every key of en-US, each a non-empty text", (locale) => {
    const catalogue = leaves(TASK_PANE_CATALOGUES[locale]);
    expect([...catalogue.keys()].sort()).toEqual(reference);
    for (const [path, text] of catalogue) expect({ path, empty: text.trim() === "" }).toEqual({ path, empty: false });
    expect(TASK_PANE_CATALOGUES[locale].locale).toBe(locale);
  });

  it("uses each language's own words, not English, outside English", () => {
    for (const locale of ["de-DE", "fr-FR", "es-ES"] as const) {
      expect(TASK_PANE_CATALOGUES[locale].verdict.block).not.toBe(enUS.verdict.block);
      expect(TASK_PANE_CATALOGUES[locale].lists.sources.groupCounts).not.toBe(enUS.lists.sources.groupCounts);
    }
  });

  it.each([
    ["en-US", "en-US"],
    ["en-GB", "en-GB"],
    ["en-AU", "en-GB"],
    ["de-AT", "de-DE"],
    ["fr", "fr-FR"],
    ["es-MX", "es-ES"],
    ["pt-BR", "en-US"],
    [undefined, "en-US"],
  ])("picks the catalogue for %s: %s", (tag, expected) => {
    expect(stringsFor(tag).locale).toBe(expected);
  });

  it("spells organisation the British way in en-GB and the American way in en-US", () => {
    expect(stringsFor("en-GB").summary.external).toBe("Outside your organisation");
    expect(stringsFor("en-US").summary.external).toBe("Outside your organization");
  });
});

describe("formatCount", () => {
  const inf = Number.POSITIVE_INFINITY;
  it.each([
    ["en-US", { lower: 840_001, upper: 840_001 }, "840,001"],
    ["en-US", { lower: 840_000, upper: inf }, "at least 840,000"],
    ["en-US", { lower: 0, upper: 800 }, "up to 800"],
    ["en-US", { lower: 400, upper: 800 }, "400–800"],
    ["en-US", { lower: 0, upper: inf }, "Unknown"],
    ["de-DE", { lower: 840_001, upper: 840_001 }, "840.001"],
    ["de-DE", { lower: 840_000, upper: inf }, "mindestens 840.000"],
    ["es-ES", { lower: 12_000, upper: inf }, "al menos 12.000"],
  ])("in %s shows %j as %s", (locale, bounds, expected) => {
    expect(formatCount(bounds, stringsFor(locale))).toBe(expected);
  });

  it("groups thousands the French way", () => {
    expect(formatCount({ lower: 840_001, upper: 840_001 }, stringsFor("fr-FR")).replace(/\s/gu, " ")).toBe("840 001");
  });

  it("tidies impossible bounds instead of printing them", () => {
    expect(formatCount({ lower: -3, upper: Number.NaN }, enUS)).toBe("Unknown");
    expect(formatCount({ lower: 10.4, upper: 9 }, enUS)).toBe("10");
  });
});
