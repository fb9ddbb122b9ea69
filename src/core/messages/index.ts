/**
 * Person-facing text: reasons, fix labels, counts of people and notices, in en-US, en-GB, de-DE,
 * fr-FR and es-ES (falling back to en-US). The one entry point of this folder; see README.md.
 */
export type { Catalogue, DirectoryFailureCause, MessageKind, PluralPhrase, ReasonArgs, SupportedLocale } from "./Catalogue";
export { SUPPORTED_LOCALES } from "./Catalogue";
export { catalogueFor, resolveLocale } from "./resolveLocale";
export { decisiveBounds, formatPeople, tidyBounds } from "./formatPeople";
export { formatDomain } from "./formatDomain";
export type { ReasonRank } from "./reasonOrder";
export { compareReasons, orderReasons } from "./reasonOrder";
export type { ReasonParams } from "./formatReason";
export { MAX_MESSAGE_LENGTH, formatReason } from "./formatReason";
export { MAX_SHORT_LABEL_LENGTH, fixLabel, fixShortLabel } from "./fixLabel";
export { formatPolicyFallbackNotice } from "./formatPolicyFallbackNotice";
