/**
 * Microsoft Graph's throttling, as documented in concepts/throttling-limits.md
 * (microsoftgraph/microsoft-graph-docs-contrib):
 *
 * - Identity and access service: a quota of resource units per application + tenant pair per 10
 *   seconds (S 3,500 under 50 users, M 5,000 up to 500, L 8,000 above). Each request costs its base
 *   cost from the published table (any identity path not listed: 1; `GET groups/{id}/members` 3;
 *   `GET groups/{id}/transitiveMembers` 5; `GET users` 2 …), `$select` −1, `$expand` +1, `$top`
 *   below 20 −1, never below 1. Only the requests over the quota are throttled.
 * - Outlook service (getMailTips): 4 concurrent requests per app ("regardless of whether the
 *   requests all access the same mailbox"), and 10,000 requests per app and mailbox per 10 minutes.
 *
 * The fake serves one application in one tenant, so the identity quota is one budget and the
 * Outlook concurrency one counter. Time comes from an injected clock.
 */

/** The identity service's window. */
export const RESOURCE_UNIT_WINDOW_MS = 10_000;
/** A large tenant's quota per window. */
export const DEFAULT_RESOURCE_UNIT_BUDGET = 8_000;
/** The Outlook service's concurrency per app. */
export const MAIL_TIPS_MAX_CONCURRENT = 4;
/** The Outlook service's window and its quota per app and mailbox. */
export const MAIL_TIPS_WINDOW_MS = 600_000;
export const DEFAULT_MAIL_TIPS_REQUEST_BUDGET = 10_000;

/** Base costs of the identity paths the fake serves, by path shape after `/v1.0/` (lower case). */
const BASE_COSTS: readonly { method: string; pattern: RegExp; cost: number }[] = [
  { method: "GET", pattern: /^groups\/[^/]+\/transitivemembers(?:\/|$)/, cost: 5 },
  { method: "GET", pattern: /^groups\/[^/]+\/members(?:\/|$)/, cost: 3 },
  { method: "GET", pattern: /^users$/, cost: 2 },
];

/** Paths served by the identity and access service (the rest, `me/getMailTips`, is Outlook). */
function isIdentityPath(path: string): boolean {
  return /^(?:groups|users|contacts|directoryobjects)(?:\/|$)/.test(path);
}

/** Whether the request goes to the Outlook service's mail tips. */
export function isMailTipsRequest(method: string, target: string): boolean {
  return method === "POST" && /^me\/getmailtips\/?$/.test(relativePath(target));
}

function relativePath(target: string): string {
  const q = target.indexOf("?");
  const path = (q < 0 ? target : target.slice(0, q)).toLowerCase();
  return path.replace(/^\/v1\.0\/?/, "").replace(/\/+$/, "");
}

/**
 * What a request costs against the identity quota, by Microsoft's published table; 0 for requests
 * that are not identity requests (mail tips, `$batch` itself: a batch costs the sum of its parts).
 * `target` is the decoded path and query starting with `/v1.0`.
 */
export function resourceUnitCost(method: string, target: string): number {
  const path = relativePath(target);
  if (!isIdentityPath(path)) return 0;
  let cost = BASE_COSTS.find((c) => c.method === method && c.pattern.test(path))?.cost ?? 1;
  const q = target.indexOf("?");
  const params = new URLSearchParams(q < 0 ? "" : target.slice(q + 1));
  const names = new Map<string, string>();
  for (const [name, value] of params) names.set(name.toLowerCase(), value);
  if (names.has("$select")) cost -= 1;
  if (names.has("$expand")) cost += 1;
  const top = Number(names.get("$top"));
  if (names.has("$top") && Number.isFinite(top) && top < 20) cost -= 1;
  return Math.max(1, cost);
}

/** A quota over a fixed window that starts with the first request after the previous one ended. */
export class WindowBudget {
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;

  constructor(
    readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Takes `cost` from the window; when that would exceed the limit, takes nothing and says how long to wait. */
  take(cost: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    if (this.used + cost > this.limit) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((this.windowStart + this.windowMs - now) / 1000)) };
    this.used += cost;
    return { ok: true };
  }
}

/** Budgets kept per key (mailbox), each created on first use. */
export class KeyedBudgets {
  private readonly budgets = new Map<string, WindowBudget>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  take(key: string, cost: number): ReturnType<WindowBudget["take"]> {
    let budget = this.budgets.get(key);
    if (!budget) {
      budget = new WindowBudget(this.limit, this.windowMs, this.now);
      this.budgets.set(key, budget);
    }
    return budget.take(cost);
  }
}
