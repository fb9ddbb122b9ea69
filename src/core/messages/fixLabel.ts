/** Button texts for the fixes. */
import type { FixCode } from "../types";
import { catalogueFor } from "./resolveLocale";

/** Outlook's limit on a Smart Alert `cancelLabel`: 20 characters. Every `fixShortLabel` fits. */
export const MAX_SHORT_LABEL_LENGTH = 20;

/** The full label of a fix, e.g. "Reply to the sender only" (for the task pane and the verdict). */
export function fixLabel(code: FixCode, locale?: string): string {
  return catalogueFor(locale).fixes[code].label;
}

/** The label of a fix in at most 20 characters, e.g. "Reply to sender" (Smart Alert `cancelLabel`). */
export function fixShortLabel(code: FixCode, locale?: string): string {
  return catalogueFor(locale).fixes[code].short;
}
