import { createGuardError, isGuardError, toGuardError, type GuardError } from "../core/errors";
import type { Bounds, ListExpansion } from "../core/types";
import { abortError, isAbortError, linkedController, raceAbort, throwIfAborted } from "./abort";
import { DEFAULT_MEMBER_BUDGET } from "./Directory";
import type { Directory, DirectoryCallOptions, ListMembers, TokenProvider } from "./Directory";
import { cloneExpansion, unknownExpansion } from "./expansions";
import { GraphClient, type BatchRequest, type BatchResult } from "./GraphClient";
import { readCountBody, readGroups, readMailTips, readMemberPage, type MemberPage } from "./graphBodies";
import { isDirectoryFailureCode } from "./graphErrors";
import { resolveRetryPolicy, type RetryOptions, type Sleep } from "./retry";

/**
 * The Directory on Microsoft Graph (DESIGN.md, "Directory strategy"; PLATFORM.md, "Microsoft Graph").
 *
 * Cold `expandLists`: two sequential round trips at most. In parallel, (a) `POST /me/getMailTips`
 * per 50 lists and (b) one `$batch` of `GET /groups?$filter=mail eq '…'` per 20 lists; then (c) a
 * `$batch` of three `$count`s per group (transitive users, guest users, org contacts, with
 * `ConsistencyLevel: eventual`), 20 requests per batch. Group ids are remembered by the instance, so a
 * warm call is (c) alone: one round trip. Mail tips are awaited only for lists the counts did not
 * settle; otherwise they are cancelled. 840,000 members cost the same three requests as ten.
 */

/** Permissions asked of the TokenProvider, one token per source. */
export interface GraphDirectoryScopes {
  /** For `getMailTips`. @default ["https://graph.microsoft.com/Mail.Read"] */
  mailTips?: readonly string[];
  /** For `/groups` lookups, counts and enumeration. @default ["https://graph.microsoft.com/GroupMember.Read.All"] */
  groups?: readonly string[];
}

/**
 * The two sources ask for separate tokens: `Mail.Read` is user-consentable while `GroupMember.Read.All`
 * needs admin consent, and a silent request for both at once would fail wholesale where either alone
 * succeeds — then one source could not fall back to the other. Scopes are fully qualified with the
 * Graph resource, as nested app authentication (MSAL) expects.
 */
export const DEFAULT_GRAPH_SCOPES: Readonly<Required<GraphDirectoryScopes>> = Object.freeze({
  mailTips: Object.freeze(["https://graph.microsoft.com/Mail.Read"]),
  groups: Object.freeze(["https://graph.microsoft.com/GroupMember.Read.All"]),
});

export { DEFAULT_MEMBER_BUDGET } from "./Directory";

/**
 * Addresses per `getMailTips` call. Graph does not document a limit; Exchange advertises one as
 * `MaxRecipientsPerGetMailTipsRequest` (50 in Exchange Online), so 50 is the safe default.
 */
export const DEFAULT_MAIL_TIPS_CHUNK = 50;
const MAX_MAIL_TIPS_CHUNK = 100;

export interface GraphDirectoryOptions {
  /** Graph version root, absolute: "https://graph.microsoft.com/v1.0" (policy `directory.graphBaseUrl`). */
  baseUrl: string;
  tokenProvider: TokenProvider;
  /** @default the global `fetch` */
  fetch?: typeof fetch;
  /** Use `POST /me/getMailTips` (policy `directory.mailTips`). @default true */
  mailTips?: boolean;
  /** Use `/groups` transitive counts (policy `directory.groupCounts`). @default true */
  groupCounts?: boolean;
  /** Addresses per `getMailTips` call, 1..100. @default 50 */
  mailTipsChunkSize?: number;
  /** Ceiling on members one `listMembers` call reads, whatever budget it is given. @default 20000 */
  memberBudget?: number;
  /** @default { attempts: 3, baseDelayMs: 200, maxDelayMs: 2000 } */
  retry?: RetryOptions;
  /** Uniform in [0, 1), for backoff jitter. @default Math.random */
  random?: () => number;
  /** Backoff sleep; must end early when the signal fires. @default a setTimeout sleep */
  sleep?: Sleep;
  scopes?: GraphDirectoryScopes;
  /** Milliseconds since the epoch, for HTTP-date `Retry-After`. @default Date.now */
  now?: () => number;
}

type Failure = { kind: "failed"; error: GuardError };
type TipOutcome = { kind: "tip"; name?: string; total?: number; external?: number; errorCode?: string } | Failure;
type GroupOutcome =
  | { kind: "counts"; displayName?: string; users?: number; guests?: number; contacts?: number; error?: GuardError }
  | { kind: "notFound" }
  | Failure;

interface KnownGroup {
  id: string;
  displayName?: string;
}

const COUNT_HEADERS: Readonly<Record<string, string>> = Object.freeze({ ConsistencyLevel: "eventual" });

function normalize(address: string): string {
  return address.trim().toLowerCase();
}

function exact(n: number): Bounds {
  return { lower: n, upper: n };
}

function failed(error: GuardError): Failure {
  return { kind: "failed", error };
}

function badResponse(message: string, operation: string): GuardError {
  return createGuardError("graph_bad_response", { message, details: { operation } });
}

/** Filters need quotes doubled (OData string literal) and the whole expression URL-encoded. */
function lookupPath(address: string): string {
  const filter = encodeURIComponent(`mail eq '${address.replace(/'/g, "''")}'`);
  return `/groups?$filter=${filter}&$select=id,mail,displayName`;
}

function membersPath(groupId: string): string {
  return `/groups/${encodeURIComponent(groupId)}/transitiveMembers`;
}

/**
 * Ranks why a list is unknown: a failing directory first (it may answer later), then missing
 * permission, then absence, then unreadable answers.
 */
const ERROR_RANK = ["graph_forbidden", "graph_not_found", "graph_bad_request", "graph_bad_response"];
function rank(error: GuardError): number {
  if (isDirectoryFailureCode(error.code)) return 0;
  const index = ERROR_RANK.indexOf(error.code);
  return index < 0 ? ERROR_RANK.length + 1 : index + 1;
}

/** The Directory adapter for Microsoft Graph. See the module comment for the request plan. */
export class GraphDirectory implements Directory {
  private readonly client: GraphClient;
  private readonly tokenProvider: TokenProvider;
  private readonly useMailTips: boolean;
  private readonly useGroupCounts: boolean;
  private readonly memberBudget: number;
  private readonly mailTipsChunk: number;
  private readonly scopes: Required<GraphDirectoryScopes>;
  /** Lower-case list address → its group, learned from `/groups` lookups (group ids never change). */
  private readonly groups = new Map<string, KnownGroup>();

  constructor(options: GraphDirectoryOptions) {
    // A bare `fetch` reference called as a method of another object throws "Illegal invocation" in
    // browsers, so the global is wrapped, and looked up at call time.
    const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.client = new GraphClient({
      baseUrl: options.baseUrl,
      fetch: fetchImpl,
      retry: resolveRetryPolicy(options.retry, options.random, options.sleep),
      now: options.now ?? (() => Date.now()),
    });
    this.tokenProvider = options.tokenProvider;
    this.useMailTips = options.mailTips !== false;
    this.useGroupCounts = options.groupCounts !== false;
    const budget = options.memberBudget;
    this.memberBudget = budget !== undefined && Number.isFinite(budget) && budget >= 0 ? Math.floor(budget) : DEFAULT_MEMBER_BUDGET;
    const chunk = options.mailTipsChunkSize;
    this.mailTipsChunk = chunk !== undefined && chunk >= 1 ? Math.min(MAX_MAIL_TIPS_CHUNK, Math.floor(chunk)) : DEFAULT_MAIL_TIPS_CHUNK;
    this.scopes = {
      mailTips: options.scopes?.mailTips ?? DEFAULT_GRAPH_SCOPES.mailTips,
      groups: options.scopes?.groups ?? DEFAULT_GRAPH_SCOPES.groups,
    };
  }

  /**
   * Sizes of the given lists, one entry per address, in order (addresses are lower-cased).
   * Counts → exact bounds, source "groupCounts"; mail tips only → `[totalMemberCount, ∞]`, source
   * "mailTips", `mayBeStale`; nothing usable → `[0, ∞]`, source "unknown", `errorCode`.
   * Rejects with `directory_timeout` / `directory_aborted` when `signal` fires; with the directory's
   * failure (`graph_throttled`, `graph_unavailable`, `graph_unauthorized`, `network_error`,
   * `token_unavailable`) when every list is unknown for such a reason.
   */
  async expandLists(addresses: readonly string[], options: DirectoryCallOptions = {}): Promise<ListExpansion[]> {
    const signal = options.signal;
    throwIfAborted(signal);
    const lists: string[] = [];
    for (const address of addresses) {
      const list = normalize(address);
      if (lists.indexOf(list) < 0) lists.push(list);
    }
    if (lists.length === 0) return [];
    const byList = await raceAbort(this.expand(lists, signal), signal).catch(rethrowAsGuardError);
    const failures: GuardError[] = [];
    for (const list of lists) {
      const outcome = byList.get(list);
      if (outcome === undefined || outcome.error === undefined || !isDirectoryFailureCode(outcome.error.code)) break;
      failures.push(outcome.error);
    }
    if (failures.length === lists.length && failures[0] !== undefined) throw failures[0];
    return addresses.map((address) => {
      const outcome = byList.get(normalize(address));
      return outcome ? cloneExpansion(outcome.expansion) : unknownExpansion(normalize(address), "unexpected");
    });
  }

  /**
   * Reads the people of one list — transitive users, then org contacts, 999 per page, following
   * `@odata.nextLink` — until done or `min(budget, memberBudget)` members are held.
   * Rejects with `graph_not_found` (not a group, e.g. a dynamic list), `graph_forbidden`,
   * `graph_throttled`, `graph_unavailable`, `graph_unauthorized`, `graph_bad_request`,
   * `graph_bad_response`, `network_error`, `token_unavailable`, `directory_timeout`, `directory_aborted`.
   */
  async listMembers(address: string, options: DirectoryCallOptions & { budget: number }): Promise<ListMembers> {
    const signal = options.signal;
    throwIfAborted(signal);
    const budget = Number.isFinite(options.budget) ? Math.max(0, Math.floor(options.budget)) : this.memberBudget;
    return raceAbort(this.enumerate(normalize(address), Math.min(budget, this.memberBudget), signal), signal).catch(rethrowAsGuardError);
  }

  // ---------------------------------------------------------------------------------------------
  // expandLists

  private async expand(lists: string[], signal: AbortSignal | undefined): Promise<Map<string, { expansion: ListExpansion; error?: GuardError }>> {
    // Lists whose group is known skip mail tips at first: their counts need one round trip.
    const tipsFirst = this.useMailTips ? lists.filter((list) => !(this.useGroupCounts && this.groups.has(list))) : [];
    const tipsLeg = linkedController(signal);
    const tipsPromise = settle(tipsFirst.length > 0 ? this.mailTipsFor(tipsFirst, tipsLeg.signal) : Promise.resolve(new Map<string, TipOutcome>()));
    try {
      const groups = this.useGroupCounts ? await this.groupCountsFor(lists, signal) : new Map<string, GroupOutcome>();
      const needTips = this.useMailTips ? lists.filter((list) => !hasCounts(groups.get(list))) : [];
      let tips = new Map<string, TipOutcome>();
      if (needTips.length === 0) {
        tipsLeg.abort(); // counts settled everything; a slow or hanging getMailTips must not hold the answer
      } else {
        const first = await tipsPromise;
        if (!first.ok) throw first.error;
        tips = first.value;
        const late = needTips.filter((list) => !tips.has(list));
        if (late.length > 0) {
          // Cached groups whose counts failed: a second round trip, to mail tips.
          const more = await this.mailTipsFor(late, signal);
          more.forEach((tip, list) => tips.set(list, tip));
        }
      }
      throwIfAborted(signal);
      const result = new Map<string, { expansion: ListExpansion; error?: GuardError }>();
      for (const list of lists) result.set(list, this.merge(list, groups.get(list), tips.get(list)));
      return result;
    } finally {
      tipsLeg.dispose();
    }
  }

  private merge(list: string, group: GroupOutcome | undefined, tip: TipOutcome | undefined): { expansion: ListExpansion; error?: GuardError } {
    const displayName =
      (group?.kind === "counts" ? group.displayName : this.groups.get(list)?.displayName) ?? (tip?.kind === "tip" ? tip.name : undefined);
    if (group?.kind === "counts" && group.users !== undefined && group.contacts !== undefined) {
      const people = group.users + group.contacts;
      // Guests are users; an eventually consistent count could briefly exceed them, so cap by people.
      const external: Bounds = group.guests !== undefined ? exact(Math.min(people, group.guests + group.contacts)) : { lower: group.contacts, upper: people };
      return { expansion: withName({ address: list, people: exact(people), external, source: "groupCounts" }, displayName) };
    }
    if (tip?.kind === "tip" && tip.total !== undefined) {
      const externalLower = tip.external ?? 0;
      // Metrics may be stale and count a nested list as one member: a lower bound only.
      const expansion: ListExpansion = {
        address: list,
        people: { lower: Math.max(tip.total, externalLower), upper: Number.POSITIVE_INFINITY },
        external: { lower: externalLower, upper: Number.POSITIVE_INFINITY },
        source: "mailTips",
        mayBeStale: true,
      };
      return { expansion: withName(expansion, displayName) };
    }
    const error = this.whyUnknown(group, tip);
    return { expansion: withName(unknownExpansion(list, error.code), displayName), error };
  }

  private whyUnknown(group: GroupOutcome | undefined, tip: TipOutcome | undefined): GuardError {
    const reasons: GuardError[] = [];
    if (group?.kind === "failed") reasons.push(group.error);
    if (group?.kind === "notFound") reasons.push(createGuardError("graph_not_found", { message: "No group has this address (a dynamic list is invisible to /groups)." }));
    if (group?.kind === "counts") reasons.push(group.error ?? badResponse("A member count was missing or malformed.", "groupCounts"));
    if (tip?.kind === "failed") reasons.push(tip.error);
    if (tip?.kind === "tip") {
      reasons.push(
        tip.errorCode !== undefined
          ? createGuardError("graph_not_found", { message: "Mail tips reported an error for this address.", details: { graphCode: tip.errorCode } })
          : badResponse("Mail tips carried no member count (group metrics missing).", "getMailTips"),
      );
    }
    if (!this.useGroupCounts && !this.useMailTips) {
      reasons.push(createGuardError("graph_forbidden", { message: "Both directory sources are turned off by policy." }));
    }
    reasons.sort((a, b) => rank(a) - rank(b));
    return reasons[0] ?? createGuardError("unexpected", { message: "No directory source answered." });
  }

  private async mailTipsFor(lists: string[], signal: AbortSignal | undefined): Promise<Map<string, TipOutcome>> {
    const out = new Map<string, TipOutcome>();
    let token: string;
    try {
      token = await this.token(this.scopes.mailTips, signal);
    } catch (error) {
      return failAll(lists, error, out);
    }
    const chunks: string[][] = [];
    for (let i = 0; i < lists.length; i += this.mailTipsChunk) chunks.push(lists.slice(i, i + this.mailTipsChunk));
    await Promise.all(
      chunks.map(async (part) => {
        let body: unknown;
        try {
          const request = { EmailAddresses: part, MailTipsOptions: "totalMemberCount, externalMemberCount" };
          // getMailTips is a POST but reads only: repeating it after a network error is safe.
          body = await this.client.postJson(this.client.url("/me/getMailTips"), request, token, signal, "getMailTips", true);
        } catch (error) {
          failAll(part, error, out);
          return;
        }
        const entries = readMailTips(body);
        if (entries === undefined) {
          failAll(part, badResponse("Unreadable getMailTips response.", "getMailTips"), out);
          return;
        }
        const byAddress = new Map<string, (typeof entries)[number]>();
        for (const entry of entries) if (!byAddress.has(entry.address)) byAddress.set(entry.address, entry);
        for (const list of part) {
          const entry = byAddress.get(list);
          if (entry === undefined) out.set(list, failed(badResponse("No mail tip came back for a list.", "getMailTips")));
          else out.set(list, { kind: "tip", name: entry.name, total: entry.totalMemberCount, external: entry.externalMemberCount, errorCode: entry.errorCode });
        }
      }),
    );
    return out;
  }

  private async groupCountsFor(lists: string[], signal: AbortSignal | undefined): Promise<Map<string, GroupOutcome>> {
    const out = new Map<string, GroupOutcome>();
    let token: string;
    try {
      token = await this.token(this.scopes.groups, signal);
    } catch (error) {
      return failAll(lists, error, out);
    }
    const known = new Map<string, KnownGroup>();
    const toLookUp: string[] = [];
    for (const list of lists) {
      const group = this.groups.get(list);
      if (group) known.set(list, group);
      else toLookUp.push(list);
    }

    if (toLookUp.length > 0) {
      const requests: BatchRequest[] = toLookUp.map((list, i) => ({ id: String(i + 1), url: lookupPath(list) }));
      const results = await this.client.batch(requests, token, signal, "groupLookup");
      toLookUp.forEach((list, i) => {
        const result = results.get(String(i + 1));
        if (result === undefined || !result.ok) {
          out.set(list, failed(result?.error ?? badResponse("A lookup got no response.", "groupLookup")));
          return;
        }
        const found = readGroups(result.body);
        if (found === undefined) {
          out.set(list, failed(badResponse("Unreadable /groups response.", "groupLookup")));
          return;
        }
        const match = found.find((g) => g.mail === list) ?? found[0];
        if (match === undefined) {
          out.set(list, { kind: "notFound" });
          return;
        }
        const group: KnownGroup = match.displayName === undefined ? { id: match.id } : { id: match.id, displayName: match.displayName };
        this.groups.set(list, group);
        known.set(list, group);
      });
    }

    if (known.size === 0) return out;
    const requests: BatchRequest[] = [];
    const plan: { list: string; group: KnownGroup; users: string; guests: string; contacts: string }[] = [];
    let next = 1;
    known.forEach((group, list) => {
      const base = membersPath(group.id);
      const ids = { users: String(next++), guests: String(next++), contacts: String(next++) };
      requests.push(
        { id: ids.users, url: `${base}/microsoft.graph.user/$count`, headers: COUNT_HEADERS },
        { id: ids.guests, url: `${base}/microsoft.graph.user/$count?$filter=${encodeURIComponent("userType eq 'Guest'")}`, headers: COUNT_HEADERS },
        { id: ids.contacts, url: `${base}/microsoft.graph.orgContact/$count`, headers: COUNT_HEADERS },
      );
      plan.push({ list, group, ...ids });
    });
    const results = await this.client.batch(requests, token, signal, "groupCounts");
    for (const item of plan) {
      const read = (id: string): { value?: number; error?: GuardError } => {
        const result: BatchResult | undefined = results.get(id);
        if (result === undefined) return { error: badResponse("A count got no response.", "groupCounts") };
        if (!result.ok) return { error: result.error };
        const value = readCountBody(result.body);
        return value === undefined ? { error: badResponse("A $count body was not a whole number.", "groupCounts") } : { value };
      };
      const users = read(item.users);
      const guests = read(item.guests);
      const contacts = read(item.contacts);
      const error = users.error ?? contacts.error ?? guests.error;
      // The group is gone (or the id is stale): forget it so the next call looks the address up again.
      if (error?.code === "graph_not_found") this.groups.delete(item.list);
      const outcome: GroupOutcome = { kind: "counts", users: users.value, guests: guests.value, contacts: contacts.value };
      if (item.group.displayName !== undefined) outcome.displayName = item.group.displayName;
      if (error !== undefined) outcome.error = error;
      out.set(item.list, outcome);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // listMembers

  private async enumerate(list: string, limit: number, signal: AbortSignal | undefined): Promise<ListMembers> {
    const token = await this.token(this.scopes.groups, signal);
    const group = await this.findGroup(list, token, signal);
    const base = membersPath(group.id);
    const getPage = async (url: string): Promise<MemberPage> => {
      const page = readMemberPage(await this.client.getJson(url, token, signal, "listMembers", COUNT_HEADERS));
      if (page === undefined) throw badResponse("Unreadable member page.", "listMembers");
      // The token goes wherever nextLink points: only ever to Graph's own origin.
      if (page.nextLink !== undefined && !this.client.isOwnUrl(page.nextLink)) throw badResponse("A nextLink left Graph's origin.", "listMembers");
      return page;
    };
    // First pages of both kinds in one round trip; later pages only while the budget lasts.
    const [firstUsers, firstContacts] = await Promise.all([
      getPage(this.client.url(`${base}/microsoft.graph.user?$select=mail,userType&$top=999&$count=true`)),
      getPage(this.client.url(`${base}/microsoft.graph.orgContact?$select=mail&$top=999&$count=true`)),
    ]);
    const members = new Set<string>();
    const external = new Set<string>();
    const consume = async (first: MemberPage, contacts: boolean): Promise<boolean> => {
      let page = first;
      for (;;) {
        for (const member of page.members) {
          if (member.mail === undefined) continue; // no mailbox address: mail cannot reach it
          if (!members.has(member.mail)) {
            if (members.size >= limit) return false;
            members.add(member.mail);
          }
          if (contacts || member.guest) external.add(member.mail);
        }
        if (page.nextLink === undefined) return true;
        if (members.size >= limit) return false;
        page = await getPage(page.nextLink);
      }
    };
    const usersDone = await consume(firstUsers, false);
    const complete = usersDone && (await consume(firstContacts, true));
    return { members: Array.from(members), external: Array.from(external), complete };
  }

  private async findGroup(list: string, token: string, signal: AbortSignal | undefined): Promise<KnownGroup> {
    const cached = this.groups.get(list);
    if (cached) return cached;
    const found = readGroups(await this.client.getJson(this.client.url(lookupPath(list)), token, signal, "groupLookup"));
    if (found === undefined) throw badResponse("Unreadable /groups response.", "groupLookup");
    const match = found.find((g) => g.mail === list) ?? found[0];
    if (match === undefined) throw createGuardError("graph_not_found", { message: "No group has this address (a dynamic list cannot be enumerated)." });
    const group: KnownGroup = match.displayName === undefined ? { id: match.id } : { id: match.id, displayName: match.displayName };
    this.groups.set(list, group);
    return group;
  }

  // ---------------------------------------------------------------------------------------------

  /** A token for `scopes`; rejects with `token_unavailable` (cause kept) or the abort error. */
  private async token(scopes: readonly string[], signal: AbortSignal | undefined): Promise<string> {
    try {
      const token = await raceAbort(this.tokenProvider.getToken(scopes, { signal }), signal);
      if (typeof token !== "string" || token === "") throw createGuardError("token_unavailable", { message: "The token provider returned no token." });
      return token;
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      if (isGuardError(error) && error.code === "token_unavailable") throw error;
      throw createGuardError("token_unavailable", { cause: error });
    }
  }
}

/** Every rejection leaving the adapter is a GuardError; a stray bug becomes `unexpected`, cause kept. */
function rethrowAsGuardError(error: unknown): never {
  throw toGuardError(error, "unexpected");
}

function hasCounts(group: GroupOutcome | undefined): boolean {
  return group?.kind === "counts" && group.users !== undefined && group.contacts !== undefined;
}

/** Records `error` for every list; rethrows abort errors, which end the whole call. */
function failAll<T extends TipOutcome | GroupOutcome>(lists: readonly string[], error: unknown, out: Map<string, T>): Map<string, T> {
  if (isAbortError(error)) throw error;
  const guardError = isGuardError(error) ? error : createGuardError("unexpected", { cause: error });
  for (const list of lists) out.set(list, failed(guardError) as T);
  return out;
}

/** Never rejects: the outcome of a leg that may be abandoned (so no rejection goes unhandled). */
function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function withName(expansion: ListExpansion, displayName: string | undefined): ListExpansion {
  if (displayName !== undefined) expansion.displayName = displayName;
  return expansion;
}
