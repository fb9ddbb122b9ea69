import { teamsHighContrastTheme, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { fluentThemeFor, themeKindFromOffice } from "../../src/taskpane/theme";

describe("fluentThemeFor", () => {
  it.each([
    ["light", webLightTheme],
    ["dark", webDarkTheme],
    ["highContrast", teamsHighContrastTheme],
  ] as const)("maps %s to its Fluent theme", (kind, theme) => {
    expect(fluentThemeFor(kind)).toBe(theme);
  });
});

describe("themeKindFromOffice", () => {
  it.each([
    [{ bodyBackgroundColor: "#FFFFFF" }, "light"],
    [{ bodyBackgroundColor: "#f3f2f1" }, "light"],
    [{ bodyBackgroundColor: "#1F1F1F" }, "dark"],
    [{ bodyBackgroundColor: "#262626" }, "dark"],
    [{ bodyBackgroundColor: "#444" }, "dark"],
    [{ bodyBackgroundColor: "#FFFFFF", forcedColors: true }, "highContrast"],
    [{ bodyBackgroundColor: "#000000", forcedColors: true }, "highContrast"],
    [{}, "light"],
    [{ bodyBackgroundColor: "not a colour" }, "light"],
  ] as const)("reads %j as %s", (facts, kind) => {
    expect(themeKindFromOffice(facts)).toBe(kind);
  });
});
