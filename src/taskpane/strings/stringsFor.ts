/** Picks the task pane's catalogue for a BCP 47 tag, with the same fallbacks as the core messages. */
import type { SupportedLocale } from "../../core/messages";
import { resolveLocale } from "../../core/messages";
import { deDE } from "./catalogues/de";
import { enGB, enUS } from "./catalogues/en";
import { esES } from "./catalogues/es";
import { frFR } from "./catalogues/fr";
import type { TaskPaneStrings } from "./TaskPaneStrings";

/** Every task-pane catalogue, one per supported locale. */
export const TASK_PANE_CATALOGUES: Readonly<Record<SupportedLocale, TaskPaneStrings>> = {
  "en-US": enUS,
  "en-GB": enGB,
  "de-DE": deDE,
  "fr-FR": frFR,
  "es-ES": esES,
};

/** The catalogue for any tag: exact locale, then the language, then en-US (see `resolveLocale`). */
export function stringsFor(tag: string | undefined): TaskPaneStrings {
  return TASK_PANE_CATALOGUES[resolveLocale(tag)];
}
