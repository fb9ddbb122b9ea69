/**
 * Sorts the external domains of a verdict into the groups the pane shows: trusted, external,
 * blocked and look-alike. Pure; the verdict's reasons are authoritative (they were computed with the
 * sender's own domain, which the policy alone may not name), the policy's patterns settle the rest.
 */
import type { DomainPattern } from "../core/domains";
import { matchesAny, parseDomainPattern } from "../core/domains";
import type { Verdict } from "../core/evaluate";
import type { Policy } from "../core/policy";
import type { ReasonCode } from "../core/types";

/** The groups of external domains, in the order the pane shows them (most serious first). */
export type DomainGroupKind = "blocked" | "lookalike" | "external" | "trusted";

export const DOMAIN_GROUP_KINDS: readonly DomainGroupKind[] = ["blocked", "lookalike", "external", "trusted"];

/** Each group's domains, lower-case ASCII, sorted; every domain is in exactly one group. */
export type DomainGroups = Record<DomainGroupKind, string[]>;

function compile(patterns: readonly string[]): DomainPattern[] {
  return patterns.flatMap((text) => {
    const parsed = parseDomainPattern(text);
    return parsed.ok ? [parsed.pattern] : [];
  });
}

function reasonDomains(verdict: Pick<Verdict, "reasons">, code: ReasonCode): Set<string> {
  return new Set(verdict.reasons.filter((r) => r.code === code).flatMap((r) => r.domains ?? []));
}

/**
 * Groups every domain named by the verdict outside the organisation: its `externalDomains` and the
 * domains of its reasons. Precedence: blocked (a `blocked-domain` reason or a blocked pattern) >
 * look-alike (a `lookalike-domain` reason) > trusted (a trusted pattern) > external.
 */
export function groupDomains(verdict: Pick<Verdict, "audience" | "reasons">, policy: Pick<Policy, "trustedDomains" | "blockedDomains">): DomainGroups {
  const blockedByReason = reasonDomains(verdict, "blocked-domain");
  const lookalikes = reasonDomains(verdict, "lookalike-domain");
  const all = new Set<string>([
    ...verdict.audience.externalDomains,
    ...blockedByReason,
    ...lookalikes,
    ...reasonDomains(verdict, "external-recipients"),
  ]);
  const trusted = compile(policy.trustedDomains);
  const blocked = compile(policy.blockedDomains);

  const groups: DomainGroups = { blocked: [], lookalike: [], external: [], trusted: [] };
  for (const domain of all) {
    if (blockedByReason.has(domain) || matchesAny(domain, blocked)) groups.blocked.push(domain);
    else if (lookalikes.has(domain)) groups.lookalike.push(domain);
    else if (matchesAny(domain, trusted)) groups.trusted.push(domain);
    else groups.external.push(domain);
  }
  for (const kind of DOMAIN_GROUP_KINDS) groups[kind].sort();
  return groups;
}
