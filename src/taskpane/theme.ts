/**
 * The pane's theme follows Outlook's. Office-free: index.tsx reads `Office.context.officeTheme` and
 * the `forced-colors` media query and hands plain values to `themeKindFromOffice`.
 */
import type { Theme } from "@fluentui/react-components";
import { teamsHighContrastTheme, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { assertNever } from "../core/types";

/** The three looks the pane can take. */
export type ThemeKind = "light" | "dark" | "highContrast";

/** The Fluent UI theme for a kind. */
export function fluentThemeFor(kind: ThemeKind): Theme {
  switch (kind) {
    case "light":
      return webLightTheme;
    case "dark":
      return webDarkTheme;
    case "highContrast":
      return teamsHighContrastTheme;
    default:
      return assertNever(kind, "theme kind");
  }
}

/** What index.tsx learns from Office and the browser. */
export interface OfficeThemeFacts {
  /** `Office.context.officeTheme.bodyBackgroundColor`, e.g. "#1F1F1F"; absent before Mailbox 1.14. */
  bodyBackgroundColor?: string;
  /** `matchMedia("(forced-colors: active)").matches`: Windows high contrast is on. */
  forcedColors?: boolean;
}

/** Relative luminance (WCAG 2) of a "#rgb" or "#rrggbb" colour; `undefined` when it is not one. */
function luminance(color: string): number | undefined {
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (!hex) return undefined;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex;
  const channel = (i: number): number => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/**
 * The kind of theme Outlook shows. Outlook does not support `officeTheme.isDarkTheme` or `themeId`
 * (office-js-docs-reference, office.officetheme), so darkness is read from the body colour; high
 * contrast from the `forced-colors` media query, which Office's web views honour.
 */
export function themeKindFromOffice(facts: OfficeThemeFacts): ThemeKind {
  if (facts.forcedColors) return "highContrast";
  const l = facts.bodyBackgroundColor === undefined ? undefined : luminance(facts.bodyBackgroundColor);
  return l !== undefined && l < 0.2 ? "dark" : "light";
}
