import { boundsToJson } from "./bounds";
import type { Verdict } from "./evaluate";

/** Facts about how the check ran. */
export interface CheckStats {
  /** HTTP requests to Microsoft Graph (a `$batch` counts once). */
  graphRequests: number;
  /**
   * What those requests cost against the tenant's identity-service throttling quota, by Microsoft's
   * published cost table (concepts/throttling-limits.md; a `$batch` costs the sum of its parts).
   * Known where the requests were accounted (the CLI's fake Graph server), absent elsewhere.
   */
  graphResourceUnits?: number;
  /** Wall time of the check, ms. */
  elapsedMs: number;
}

/**
 * The verdict as JSON (CONTRACT.md §4): open upper bounds become `null`, since JSON has no Infinity.
 * Used by the CLI on stdout and to hand a verdict to the task pane.
 */
export function verdictToJson(verdict: Verdict, stats?: CheckStats): Record<string, unknown> {
  const { audience } = verdict;
  return {
    action: verdict.action,
    audience: {
      total: boundsToJson(audience.total),
      visible: boundsToJson(audience.visible),
      external: boundsToJson(audience.external),
      externalDomains: audience.externalDomains,
      lists: audience.lists.map((l) => ({
        address: l.address,
        ...(l.displayName ? { displayName: l.displayName } : {}),
        people: boundsToJson(l.people),
        external: boundsToJson(l.external),
        source: l.source,
        ...(l.mayBeStale ? { mayBeStale: true } : {}),
        ...(l.asOf !== undefined ? { asOf: l.asOf } : {}),
        fields: l.fields,
      })),
    },
    reasons: verdict.reasons,
    fixes: verdict.fixes,
    locale: verdict.locale,
    ...(stats ? { stats } : {}),
  };
}
