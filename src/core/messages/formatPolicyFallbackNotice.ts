import { catalogueFor } from "./resolveLocale";

/**
 * Tells the person that the organisation's policy could not be loaded or was invalid, that the
 * built-in defaults are in use, and to contact IT.
 */
export function formatPolicyFallbackNotice(locale?: string): string {
  return catalogueFor(locale).policyFallbackNotice;
}
