import { exact } from "../core/bounds";
import { createGuardError, isGuardError, toGuardError, type GuardError } from "../core/errors";
import type { Bounds, ListExpansion } from "../core/types";
import { assertNever } from "../core/types";
import { abortError, isAbortError, linkedController, raceAbort, throwIfAborted } from "./abort";
import { DEFAULT_MEMBER_BUDGET } from "./Directory";
import type { Directory, DirectoryCallOptions, ListMembers, TokenProvider } from "./Directory";
import { cloneExpansion, unknownExpansion } from "./expansions";
import { GraphClient, type BatchRequest, type BatchResult } from "./GraphClient";
import { readGroups, readMailTips, readMemberPage, type GroupEntry, type MemberEntry, type MemberPage } from "./graphBodies";
import { isDirectoryFailureCode } from "./graphErrors";
import { resolveRetryPolicy, type RetryOptions, type Sleep } from "./retry";

/**
 * The Directory on Microsoft Graph (DESIGN.md, "Directory strategy"; PLATFORM.md, "Microsoft Graph").
 *
 * Cold `expandLists`: two sequential round trips at most. In parallel, (a) `POST /me/getMailTips`
 * per 50 addresses, at most 4 at a time, and (b) one `$batch` of group lookups by address
 * (`mail eq '…' or proxyAddresses/any(x:x eq 'smtp:…')`, with `groupTypes`) per 20 addresses; then
 * (c) a `$batch` of member listings per group, each an advanced query (`$count=true` +
 * `ConsistencyLevel: eventual`): transitive users, guest users, and — except in Microsoft 365 groups,
 * which hold users only — org contacts, each with its `@odata.count` and first page of
 * `externalMemberBudget` members. The counts size the list exactly; the pages enumerate small lists
 * whole and name the guests and contacts of the others, so their domains can be judged. Group ids
 * are remembered by the instance, so a warm call is (c) alone. Mail tips are awaited only for lists
 * the counts did not settle; otherwise they are cancelled. 840,000 members cost the same requests as ten.
 *
 * Whatever could not be learned is marked, never read as zero: a part that failed leaves the list's
 * `errorCode` (the policy's `directoryFailure` decides) while every part that answered is kept; a
 * member without an address (limited information) is an unknown person.
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

/**
 * The Outlook service allows 4 concurrent requests per application and mailbox
 * (concepts/throttling-limits, "Outlook service limits"): never more getMailTips calls in flight.
 */
export const MAIL_TIPS_CONCURRENCY = 4;

/** Members of each kind read with the counts, by default (policy `directory.externalMemberBudget`). */
export const DEFAULT_EXTERNAL_MEMBER_BUDGET = 300;
/** Graph's largest `$top` for directory listings. */
const MAX_PAGE = 999;
/**
 * Users read with the counts: a list this small is enumerated in the same round trip; a larger one
 * costs one short page, whatever its size (840,000 members cost what 100 do).
 */
const WHOLE_LIST_PAGE = 100;

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
  /**
   * Members of each kind read with the counts (policy `directory.externalMemberBudget`): lists up to
   * this size are enumerated whole, and up to this many guests and contacts of larger lists are read
   * to learn their domains. 0..999 (Graph's largest page). @default 300
   */
  externalMemberBudget?: number;
  /**
   * Count each list's guests (a listing of its own, 4 resource units). False only where the policy
   * says no outsiders' count can change the decision (countPlan.ts): their lower bound then rests on
   * the guests and contacts read with the other listings, an open bound. @default true
   */
  countOutsiders?: boolean;
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

/** One member listing of round (c): its `@odata.count` and the members of its first page. */
interface Listing {
  count: number;
  members: MemberEntry[];
  /** The page held every member of the listing. */
  complete: boolean;
}
type PartOutcome = { ok: true; listing: Listing } | { ok: false; error: GuardError };
/** `guests` is absent when the policy lets outsiders go uncounted (`countOutsiders: false`). */
type GroupOutcome = { kind: "group"; group: KnownGroup; users: PartOutcome; guests?: PartOutcome; contacts: PartOutcome } | { kind: "notFound" } | Failure;

interface KnownGroup {
  id: string;
  displayName?: string;
  /** A Microsoft 365 group: users only, so no contacts to count or list (a cast to them is 400). */
  unified: boolean;
  /** Counts from the last expansion, so enumeration lists only the kinds that have members. */
  users?: number;
  contacts?: number;
}

const COUNT_HEADERS: Readonly<Record<string, string>> = Object.freeze({ ConsistencyLevel: "eventual" });
const NO_CONTACTS: PartOutcome = { ok: true, listing: { count: 0, members: [], complete: true } };

function normalize(address: string): string {
  return address.trim().toLowerCase();
}

function failed(error: GuardError): Failure {
  return { kind: "failed", error };
}

function badResponse(message: string, operation: string): GuardError {
  return createGuardError("graph_bad_response", { message, details: { operation } });
}

/** OData string literal: quotes doubled. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * A list by any of its addresses: `mail` is the primary SMTP address only; aliases are in
 * `proxyAddresses` as `smtp:…` (resources/groups-overview, includes/filter-directory-objects).
 */
function lookupPath(address: string): string {
  const filter = encodeURIComponent(`mail eq ${literal(address)} or proxyAddresses/any(x:x eq ${literal(`smtp:${address}`)})`);
  return `/groups?$filter=${filter}&$select=id,mail,displayName,groupTypes`;
}

function membersPath(groupId: string): string {
  return `/groups/${encodeURIComponent(groupId)}/transitiveMembers`;
}

/**
 * A member listing as Graph requires for an OData cast: `$count=true` with `ConsistencyLevel:
 * eventual` (api/group-list-transitivemembers, concepts/aad-advanced-queries).
 */
function listingPath(groupId: string, kind: "users" | "guests" | "contacts", top: number): string {
  const base = membersPath(groupId);
  switch (kind) {
    case "users":
      return `${base}/microsoft.graph.user?$count=true&$select=mail,userType&$top=${top}`;
    case "guests":
      return `${base}/microsoft.graph.user?$count=true&$filter=${encodeURIComponent("userType eq 'Guest'")}&$select=mail,userType&$top=${top}`;
    case "contacts":
      return `${base}/microsoft.graph.orgContact?$count=true&$select=mail&$top=${top}`;
    default:
      return assertNever(kind, "member kind");
  }
}

/**
 * Ranks why a list is unknown: a failing directory first (it may answer later), then missing
 * permission, then absence, then unreadable answers.
 */
const ERROR_RANK = ["graph_forbidden", "graph_not_found", "graph_bad_request", "graph_bad_response"];
function rank(error: GuardError): number {
  if (isDirectoryFailureCode(error.code) || isAbortError(error)) return 0;
  const index = ERROR_RANK.indexOf(error.code);
  return index < 0 ? ERROR_RANK.length + 1 : index + 1;
}

function worst(errors: readonly GuardError[]): GuardError | undefined {
  return errors.slice().sort((a, b) => rank(a) - rank(b))[0];
}

/** The Directory adapter for Microsoft Graph. See the module comment for the request plan. */
export class GraphDirectory implements Directory {
  private readonly client: GraphClient;
  private readonly tokenProvider: TokenProvider;
  private readonly useMailTips: boolean;
  private readonly useGroupCounts: boolean;
  private readonly memberBudget: number;
  private readonly pageSize: number;
  private readonly readsMembers: boolean;
  private readonly countOutsiders: boolean;
  private readonly mailTipsChunk: number;
  private readonly scopes: Required<GraphDirectoryScopes>;
  private readonly now: () => number;
  /** Lower-case list address → its group, learned from `/groups` lookups (group ids never change). */
  private readonly groups = new Map<string, KnownGroup>();

  constructor(options: GraphDirectoryOptions) {
    // A bare `fetch` reference called as a method of another object throws "Illegal invocation" in
    // browsers, so the global is wrapped, and looked up at call time.
    const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? (() => Date.now());
    this.client = new GraphClient({
      baseUrl: options.baseUrl,
      fetch: fetchImpl,
      retry: resolveRetryPolicy(options.retry, options.random, options.sleep),
      now: this.now,
    });
    this.tokenProvider = options.tokenProvider;
    this.useMailTips = options.mailTips !== false;
    this.useGroupCounts = options.groupCounts !== false;
    const budget = options.memberBudget;
    this.memberBudget = budget !== undefined && Number.isFinite(budget) && budget >= 0 ? Math.floor(budget) : DEFAULT_MEMBER_BUDGET;
    const outsiders = options.externalMemberBudget;
    const pageWanted = outsiders !== undefined && Number.isFinite(outsiders) && outsiders >= 0 ? Math.floor(outsiders) : DEFAULT_EXTERNAL_MEMBER_BUDGET;
    // A budget of 0 still lists (the counts come with the listing) but reads no one.
    this.readsMembers = pageWanted > 0;
    this.countOutsiders = options.countOutsiders !== false;
    this.pageSize = Math.max(1, Math.min(MAX_PAGE, pageWanted));
    const chunk = options.mailTipsChunkSize;
    this.mailTipsChunk = chunk !== undefined && chunk >= 1 ? Math.min(MAX_MAIL_TIPS_CHUNK, Math.floor(chunk)) : DEFAULT_MAIL_TIPS_CHUNK;
    this.scopes = {
      mailTips: options.scopes?.mailTips ?? DEFAULT_GRAPH_SCOPES.mailTips,
      groups: options.scopes?.groups ?? DEFAULT_GRAPH_SCOPES.groups,
    };
  }

  /**
   * What the directory knows of each address, one entry per address, in order (lower-cased).
   * A group: exact counts, source "groupCounts" (or "enumerated" when its first page held everyone);
   * mail tips only → `[totalMemberCount, ∞]`, source "mailTips", `mayBeStale`; no group and mail tips
   * counting one recipient → `notAList`; nothing usable → `[0, ∞]`, source "unknown". Any part that
   * failed leaves its code in `errorCode`, whatever else was learned.
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
    const byList = await raceAbort(this.expand(lists, signal, options.deadline), signal).catch(rethrowAsGuardError);
    const failures: GuardError[] = [];
    for (const list of lists) {
      const outcome = byList.get(list);
      if (outcome === undefined || outcome.expansion.source !== "unknown" || outcome.error === undefined || !isDirectoryFailureCode(outcome.error.code)) break;
      failures.push(outcome.error);
    }
    if (failures.length === lists.length && failures[0] !== undefined) throw failures[0];
    return addresses.map((address) => {
      const outcome = byList.get(normalize(address));
      return outcome ? cloneExpansion(outcome.expansion) : unknownExpansion(normalize(address), "unexpected");
    });
  }

  /**
   * Reads the people of one list — transitive users, then org contacts (never in a Microsoft 365
   * group), only the kinds whose last count was above 0, 999 per page, following
   * `@odata.nextLink` — until done or `min(budget, memberBudget)` members are held. A member without
   * an address makes the result incomplete.
   * Rejects with `graph_not_found` (not a group, e.g. a dynamic list), `graph_forbidden`,
   * `graph_throttled`, `graph_unavailable`, `graph_unauthorized`, `graph_bad_request`,
   * `graph_bad_response`, `network_error`, `token_unavailable`, `directory_timeout`, `directory_aborted`.
   */
  async listMembers(address: string, options: DirectoryCallOptions & { budget: number }): Promise<ListMembers> {
    const signal = options.signal;
    throwIfAborted(signal);
    const budget = Number.isFinite(options.budget) ? Math.max(0, Math.floor(options.budget)) : this.memberBudget;
    return raceAbort(this.enumerate(normalize(address), Math.min(budget, this.memberBudget), signal, options.deadline), signal).catch(rethrowAsGuardError);
  }

  // ---------------------------------------------------------------------------------------------
  // expandLists

  private async expand(lists: string[], signal: AbortSignal | undefined, deadline: number | undefined): Promise<Map<string, Merged>> {
    // Shortly before the deadline every leg stops and the check gets what has arrived: a late part
    // must not throw away the answers that came in time.
    const soft = linkedController(signal);
    const left = deadline === undefined ? undefined : deadline - this.now();
    const timer = left === undefined ? undefined : setTimeout(() => soft.abort(softDeadlineReason()), Math.max(0, left - answerReserveMs(left)));
    // Lists whose group is known skip mail tips at first: their counts need one round trip.
    const tipsFirst = this.useMailTips ? lists.filter((list) => !(this.useGroupCounts && this.groups.has(list))) : [];
    const tipsLeg = linkedController(soft.signal);
    const tipsPromise = settle(tipsFirst.length > 0 ? this.mailTipsFor(tipsFirst, tipsLeg.signal, deadline) : Promise.resolve(new Map<string, TipOutcome>()));
    try {
      const groups = this.useGroupCounts ? await this.leg(lists, this.groupCountsFor(lists, soft.signal, deadline), signal) : new Map<string, GroupOutcome>();
      const needTips = this.useMailTips ? lists.filter((list) => !hasUserCount(groups.get(list))) : [];
      let tips = new Map<string, TipOutcome>();
      if (needTips.length === 0) {
        tipsLeg.abort(); // counts settled everything; a slow or hanging getMailTips must not hold the answer
      } else {
        const first = await tipsPromise;
        if (!first.ok) {
          if (!isAbortError(first.error) || signal?.aborted) throw first.error;
          tips = timedOut(tipsFirst);
        } else {
          tips = first.value;
        }
        const late = needTips.filter((list) => !tips.has(list));
        if (late.length > 0) {
          // Cached groups whose counts failed: a second round trip, to mail tips.
          const more = await this.leg(late, this.mailTipsFor(late, soft.signal, deadline), signal);
          more.forEach((tip, list) => tips.set(list, tip));
        }
      }
      throwIfAborted(signal);
      const result = new Map<string, Merged>();
      for (const list of lists) result.set(list, this.merge(list, groups.get(list), tips.get(list)));
      return result;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      tipsLeg.dispose();
      soft.dispose();
    }
  }

  /** A leg's outcome; when the soft deadline (not the caller) ended it, every list it was for timed out. */
  private async leg<T extends TipOutcome | GroupOutcome>(lists: readonly string[], work: Promise<Map<string, T>>, signal: AbortSignal | undefined): Promise<Map<string, T>> {
    try {
      return await work;
    } catch (error) {
      if (!isAbortError(error) || signal?.aborted) throw error;
      return timedOut<T>(lists);
    }
  }

  private merge(list: string, group: GroupOutcome | undefined, tip: TipOutcome | undefined): Merged {
    const displayName =
      (group?.kind === "group" ? group.group.displayName : this.groups.get(list)?.displayName) ?? (tip?.kind === "tip" ? tip.name : undefined);
    const errors: GuardError[] = [];
    if (group?.kind === "group") {
      const counted = this.fromListings(list, group, errors);
      if (counted !== undefined) return merged(withName(counted, displayName), errors);
    }
    if (group?.kind === "failed") errors.push(group.error);
    if (!this.useGroupCounts && !this.useMailTips) errors.push(createGuardError("graph_forbidden", { message: "Both directory sources are turned off by policy." }));
    const noGroup = group?.kind === "notFound" || !this.useGroupCounts;

    if (tip?.kind === "tip") {
      // No group has the address and mail tips count it as one recipient, or do not know it: a person.
      if (noGroup && (tip.errorCode !== undefined || (tip.total !== undefined && tip.total <= 1))) {
        const outside = tip.external !== undefined && tip.external > 0 ? 1 : 0;
        return { expansion: withName({ address: list, people: exact(1), external: exact(outside), source: "mailTips", notAList: true }, displayName) };
      }
      if (tip.total !== undefined) {
        const externalLower = tip.external ?? 0;
        // Metrics may be stale and count a nested list as one member: a lower bound only.
        const expansion: ListExpansion = {
          address: list,
          people: { lower: Math.max(tip.total, externalLower), upper: Number.POSITIVE_INFINITY },
          external: { lower: externalLower, upper: Number.POSITIVE_INFINITY },
          source: "mailTips",
          mayBeStale: true,
        };
        return merged(withName(expansion, displayName), errors);
      }
      errors.push(
        tip.errorCode !== undefined
          ? createGuardError("graph_not_found", { message: "Mail tips reported an error for this address.", details: { graphCode: tip.errorCode } })
          : // A list no group has whose metrics are missing (new, or never computed): unknown, not a fault.
            createGuardError(noGroup ? "graph_not_found" : "graph_bad_response", { message: "Mail tips carried no member count (group metrics missing)." }),
      );
    }
    if (tip?.kind === "failed") errors.push(tip.error);
    if (group?.kind === "notFound") errors.push(createGuardError("graph_not_found", { message: "No group has this address (a dynamic list is invisible to /groups)." }));
    const error = worst(errors) ?? createGuardError("unexpected", { message: "No directory source answered." });
    return { expansion: withName(unknownExpansion(list, error.code), displayName), error };
  }

  /**
   * A group's expansion from its listings, or `undefined` when the user count itself failed (then
   * mail tips may stand in). Failed parts are added to `errors`; the parts that answered are kept.
   */
  private fromListings(list: string, outcome: Extract<GroupOutcome, { kind: "group" }>, errors: GuardError[]): ListExpansion | undefined {
    const { users, guests, contacts } = outcome;
    if (!users.ok) {
      errors.push(users.error);
      return undefined;
    }
    if (!contacts.ok) errors.push(contacts.error);
    const contactCount = contacts.ok ? contacts.listing.count : undefined;
    const people: Bounds = { lower: users.listing.count + (contactCount ?? 0), upper: contactCount === undefined ? Number.POSITIVE_INFINITY : users.listing.count + contactCount };
    const known = this.groups.get(list);
    if (known) {
      known.users = users.listing.count;
      if (contactCount !== undefined) known.contacts = contactCount;
    }
    // Outsiders by type: guests (from their own listing, and any on the users' page) and contacts.
    const read = [...users.listing.members.filter((m) => m.guest), ...(guests?.ok ? guests.listing.members : []), ...(contacts.ok ? contacts.listing.members : [])];
    const unreadable = [...users.listing.members, ...(contacts.ok ? contacts.listing.members : [])].filter((m) => m.mail === undefined).length;
    const contactMails = contacts.ok ? contacts.listing.members.flatMap((m) => m.mail ?? []) : [];

    if (this.readsMembers && users.listing.complete && contacts.ok && contacts.listing.complete && unreadable === 0) {
      // The first pages held everyone: the list is enumerated, and who is outside is known by domain.
      const members = [...new Set([...users.listing.members.flatMap((m) => m.mail ?? []), ...contactMails])];
      // Guests and contacts are outsiders by type; who else is outside shows in the members' domains.
      const outside = new Set([...users.listing.members.filter((m) => m.guest).flatMap((m) => m.mail ?? []), ...contactMails]).size;
      return { address: list, people: exact(members.length), external: { lower: outside, upper: members.length }, source: "enumerated", members };
    }
    if (guests && !guests.ok) errors.push(guests.error);
    // Guests and contacts are outsiders; members outside the tenant's domains exist too (mail users,
    // users synced from other tenants), so these counts are a lower bound of the outsiders. Guests
    // not counted (countPlan.ts) leave those seen on the users' page: an open bound, never zero.
    const guestsOnPage = users.listing.members.filter((m) => m.guest).length;
    const outsidersLower = (guests?.ok ? guests.listing.count : guestsOnPage) + (contactCount ?? 0);
    const expansion: ListExpansion = {
      address: list,
      people,
      external: { lower: Math.min(outsidersLower, people.lower), upper: people.upper },
      source: "groupCounts",
    };
    if (this.readsMembers) {
      const knownMembers = [...new Set(read.flatMap((m) => m.mail ?? []))];
      if (knownMembers.length > 0) expansion.knownMembers = knownMembers;
    }
    if (unreadable > 0) expansion.unreadable = unreadable;
    return expansion;
  }

  private async mailTipsFor(lists: string[], signal: AbortSignal | undefined, deadline: number | undefined): Promise<Map<string, TipOutcome>> {
    const out = new Map<string, TipOutcome>();
    let token: string;
    try {
      token = await this.token(this.scopes.mailTips, signal);
    } catch (error) {
      return failAll(lists, error, out);
    }
    const chunks: string[][] = [];
    for (let i = 0; i < lists.length; i += this.mailTipsChunk) chunks.push(lists.slice(i, i + this.mailTipsChunk));
    const ask = async (part: string[]): Promise<void> => {
      let body: unknown;
      try {
        const request = { EmailAddresses: part, MailTipsOptions: "totalMemberCount, externalMemberCount" };
        // getMailTips is a POST but reads only: repeating it after a network error is safe.
        body = await this.client.postJson(this.client.url("/me/getMailTips"), request, token, signal, "getMailTips", true, deadline);
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
    };
    // At most MAIL_TIPS_CONCURRENCY calls in flight, as the Outlook service allows.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < chunks.length) {
        const part = chunks[next++];
        if (part) await ask(part);
      }
    };
    await Promise.all(Array.from({ length: Math.min(MAIL_TIPS_CONCURRENCY, chunks.length) }, worker));
    return out;
  }

  private async groupCountsFor(lists: string[], signal: AbortSignal | undefined, deadline: number | undefined): Promise<Map<string, GroupOutcome>> {
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
      const results = await this.client.batch(requests, token, signal, "groupLookup", deadline);
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
        const group = knownGroup(match);
        this.groups.set(list, group);
        known.set(list, group);
      });
    }

    if (known.size === 0) return out;
    const requests: BatchRequest[] = [];
    const plan: { list: string; group: KnownGroup; users: string; guests?: string; contacts?: string }[] = [];
    let next = 1;
    known.forEach((group, list) => {
      const ids = { users: String(next++), ...(this.countOutsiders ? { guests: String(next++) } : {}), ...(group.unified ? {} : { contacts: String(next++) }) };
      requests.push({ id: ids.users, url: listingPath(group.id, "users", Math.min(this.pageSize, WHOLE_LIST_PAGE)), headers: COUNT_HEADERS });
      if (ids.guests !== undefined) requests.push({ id: ids.guests, url: listingPath(group.id, "guests", this.pageSize), headers: COUNT_HEADERS });
      if (ids.contacts !== undefined) requests.push({ id: ids.contacts, url: listingPath(group.id, "contacts", this.pageSize), headers: COUNT_HEADERS });
      plan.push({ list, group, ...ids });
    });
    const results = await this.client.batch(requests, token, signal, "groupCounts", deadline);
    for (const item of plan) {
      const read = (id: string | undefined): PartOutcome => {
        if (id === undefined) return NO_CONTACTS;
        const result: BatchResult | undefined = results.get(id);
        if (result === undefined) return { ok: false, error: badResponse("A listing got no response.", "groupCounts") };
        if (!result.ok) return { ok: false, error: result.error };
        const page = readMemberPage(result.body);
        if (page === undefined || page.count === undefined) return { ok: false, error: badResponse("A listing carried no whole @odata.count.", "groupCounts") };
        return { ok: true, listing: { count: page.count, members: page.members, complete: page.nextLink === undefined && page.members.length >= page.count } };
      };
      const outcome: GroupOutcome = {
        kind: "group",
        group: item.group,
        users: read(item.users),
        ...(item.guests !== undefined ? { guests: read(item.guests) } : {}),
        contacts: read(item.contacts),
      };
      // The group is gone (or the id is stale): forget it so the next call looks the address up again.
      if ([outcome.users, outcome.guests, outcome.contacts].some((p) => p !== undefined && !p.ok && p.error.code === "graph_not_found")) this.groups.delete(item.list);
      out.set(item.list, outcome);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // listMembers

  private async enumerate(list: string, limit: number, signal: AbortSignal | undefined, deadline: number | undefined): Promise<ListMembers> {
    const token = await this.token(this.scopes.groups, signal);
    const group = await this.findGroup(list, token, signal, deadline);
    const getPage = async (url: string): Promise<MemberPage> => {
      const page = readMemberPage(await this.client.getJson(url, token, signal, "listMembers", COUNT_HEADERS, deadline));
      if (page === undefined) throw badResponse("Unreadable member page.", "listMembers");
      // The token goes wherever nextLink points: only ever to Graph's own origin.
      if (page.nextLink !== undefined && !this.client.isOwnUrl(page.nextLink)) throw badResponse("A nextLink left Graph's origin.", "listMembers");
      return page;
    };
    const empty: MemberPage = { members: [] };
    // Only the kinds with members are listed (a cast on an empty result is where Graph has been seen to refuse);
    // first pages of both kinds in one round trip, later pages only while the budget lasts.
    const listUsers = group.users === undefined || group.users > 0;
    const listContacts = !group.unified && (group.contacts === undefined || group.contacts > 0);
    const base = membersPath(group.id);
    const [firstUsers, firstContacts] = await Promise.all([
      listUsers ? getPage(this.client.url(`${base}/microsoft.graph.user?$count=true&$select=mail,userType&$top=${MAX_PAGE}`)) : Promise.resolve(empty),
      listContacts ? getPage(this.client.url(`${base}/microsoft.graph.orgContact?$count=true&$select=mail&$top=${MAX_PAGE}`)) : Promise.resolve(empty),
    ]);
    const members = new Set<string>();
    const external = new Set<string>();
    let unreadable = 0;
    const consume = async (first: MemberPage, contacts: boolean): Promise<boolean> => {
      let page = first;
      for (;;) {
        for (const member of page.members) {
          if (member.mail === undefined) {
            // Limited information: someone is there whose address cannot be read.
            unreadable += 1;
            continue;
          }
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
    const complete = usersDone && (await consume(firstContacts, true)) && unreadable === 0;
    const result: ListMembers = { members: Array.from(members), external: Array.from(external), complete };
    if (unreadable > 0) result.unreadable = unreadable;
    return result;
  }

  private async findGroup(list: string, token: string, signal: AbortSignal | undefined, deadline: number | undefined): Promise<KnownGroup> {
    const cached = this.groups.get(list);
    if (cached) return cached;
    const found = readGroups(await this.client.getJson(this.client.url(lookupPath(list)), token, signal, "groupLookup", undefined, deadline));
    if (found === undefined) throw badResponse("Unreadable /groups response.", "groupLookup");
    const match = found.find((g) => g.mail === list) ?? found[0];
    if (match === undefined) throw createGuardError("graph_not_found", { message: "No group has this address (a dynamic list cannot be enumerated)." });
    const group = knownGroup(match);
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

/** How long before the deadline the adapter stops waiting, so the check still has time to decide. */
function answerReserveMs(leftMs: number): number {
  return Math.min(250, Math.max(25, Math.floor(leftMs * 0.1)));
}

function softDeadlineReason(): unknown {
  return typeof DOMException === "function" ? new DOMException("The directory ran out of time.", "TimeoutError") : new Error("TimeoutError");
}

function timedOut<T extends TipOutcome | GroupOutcome>(lists: readonly string[]): Map<string, T> {
  const error = createGuardError("directory_timeout", { message: "This part of the answer did not arrive in time." });
  const out = new Map<string, T>();
  for (const list of lists) out.set(list, failed(error) as T);
  return out;
}

function knownGroup(entry: GroupEntry): KnownGroup {
  const group: KnownGroup = { id: entry.id, unified: entry.unified };
  if (entry.displayName !== undefined) group.displayName = entry.displayName;
  return group;
}

/** Every rejection leaving the adapter is a GuardError; a stray bug becomes `unexpected`, cause kept. */
function rethrowAsGuardError(error: unknown): never {
  throw toGuardError(error, "unexpected");
}

function hasUserCount(group: GroupOutcome | undefined): boolean {
  return group?.kind === "group" && group.users.ok;
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

/** A list's expansion and the worst failure behind what could not be learned of it. */
interface Merged {
  expansion: ListExpansion;
  error?: GuardError;
}

/** Marks what could not be learned: the worst of the failed parts. */
function merged(expansion: ListExpansion, errors: readonly GuardError[]): Merged {
  const error = worst(errors);
  if (error === undefined) return { expansion };
  expansion.errorCode = error.code;
  return { expansion, error };
}
