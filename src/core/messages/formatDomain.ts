/** Domains as a person reads them: internationalised domains in the script they were typed in. */
import { toAsciiDomain, toUnicodeDomain } from "../address";

/**
 * A domain for showing: its Unicode form (`xn--bcher-kva.de` → `bücher.de`), as the person typed
 * it. With `encoded`, an internationalised domain is followed by its encoded form in brackets
 * (`nhs.nеt (nhs.xn--nt-nlc)`): for a look-alike the Unicode form alone is exactly what a homograph
 * attack relies on (UTS #39), so both are shown. Plain ASCII domains are shown as they are.
 */
export function formatDomain(domain: string, encoded = false): string {
  const unicode = toUnicodeDomain(domain);
  if (!encoded) return unicode;
  const ascii = toAsciiDomain(domain) ?? domain;
  return unicode === ascii ? unicode : `${unicode} (${ascii})`;
}
