import type { Policy } from "../core/policy";
import { LOOKALIKE_MATCHES } from "../core/lookalike";

/**
 * Which of a list's counts the directory must ask for under a policy: the one place that decides
 * which Graph requests may be spared because no answer to them could change the verdict's action or
 * the reasons it shows. What is spared travels as an open bound, never as zero.
 *
 * Spared:
 * - **Outsiders' count** (the guests listing, 4 resource units per list) when nothing about outsiders
 *   can fire: `external` is `allow`, no domain is blocked, and every look-alike kind is `allow`. Then
 *   the external-recipients, blocked-domain and look-alike reasons cannot appear, whatever a list
 *   holds; the outsiders' bound rests on the guests and contacts read with the other listings.
 * - **A list whose remembered size is fresh** (RememberingDirectory, `directory.listCacheHours`): not
 *   asked at all; the verdict says when the size was learned (`asOf`).
 *
 * Not spared, because the count could move the action or the reason shown:
 * - the people count (users and contacts): every limit, `bccAdvisedAbove` and the unknown-list rule
 *   read it, and the large-audience reason names how many people;
 * - a Send already blocked by something else (a blocked domain, a list over `blockAbove`): the
 *   verdict still shows every reason that applies and offers the fixes for them; an unasked list
 *   would add an unknown-list reason or hide a large-audience one;
 * - a small list's first page: it is the same request as the count (one page, whatever its size),
 *   and its members settle overlaps and the domains inside the list.
 */
export interface CountPlan {
  /** Ask for each list's outsiders (its guests' count and addresses). */
  outsiders: boolean;
}

export function countPlan(policy: Policy): CountPlan {
  const lookalikeMatters = LOOKALIKE_MATCHES.some((match) => policy.lookalike[match] !== "allow");
  return { outsiders: policy.external !== "allow" || policy.blockedDomains.length > 0 || lookalikeMatters };
}
