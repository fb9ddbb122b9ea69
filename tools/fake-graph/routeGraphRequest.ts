import { domainOf, isAddress } from "./GeneratedPattern";
import { objectIdFor, type FakeTenant, type GroupRecord, type MemberEntry, type MemberFilter, type PersonEntry } from "./FakeTenant";
import { GraphProblem, graphErrorResponse, jsonResponse, textResponse, type GraphResponse, type RequestIds } from "./graphResponses";
import { isGroupsDeltaSegment, routeGroupsDelta } from "./routeDelta";

/**
 * The Graph endpoints the add-in uses, as one function from request to response. Used for plain
 * HTTP requests and for each part of a `$batch`, so both behave alike. No I/O, no timing: the
 * server adds latency, faults, hangs and CORS around it.
 */

export type RequestBody = { kind: "text"; text: string } | { kind: "json"; value: unknown };

export interface GraphRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Path and query as sent, starting with `/v1.0`. */
  target: string;
  /** Header values by lower-case name. */
  headers: Readonly<Record<string, string | undefined>>;
  body?: RequestBody;
  ids: RequestIds;
}

export interface RouteContext {
  tenant: FakeTenant;
  /** `http://127.0.0.1:PORT/v1.0`: the root of `@odata.context` and `@odata.nextLink`. */
  baseUrl: string;
  /** Changes on every `load()`; skip tokens from an older directory are refused. */
  generation: number;
  /** Most addresses one getMailTips call may name. */
  mailTipsMaxAddresses: number;
  /** The signed-in user's messages that `/me/messages?$filter=internetMessageId eq '…'` finds. */
  messages: readonly MailboxMessage[];
}

/** A message in the signed-in user's mailbox: what the add-in's original-sender lookup reads. */
export interface MailboxMessage {
  internetMessageId: string;
  from: { address: string; name?: string };
}

/** Graph's default page size for directory collections, and its maximum `$top`. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 999;

/** Every `MailTipsOptions` flag Graph documents (api/user-getmailtips.md). */
const MAIL_TIPS_OPTIONS = [
  "automaticReplies",
  "customMailTip",
  "deliveryRestriction",
  "externalMemberCount",
  "mailboxFullStatus",
  "maxMessageSize",
  "moderationStatus",
  "recipientScope",
  "recipientSuggestions",
  "totalMemberCount",
] as const;
type MailTipsOption = (typeof MAIL_TIPS_OPTIONS)[number];

/** Exchange Online's default maximum message size (35 MB + encoding overhead), as mail tips report it. */
const MAX_MESSAGE_SIZE = 37_748_736;

export function routeGraphRequest(req: GraphRequest, ctx: RouteContext): GraphResponse {
  try {
    return dispatch(req, ctx);
  } catch (error) {
    if (error instanceof GraphProblem) return graphErrorResponse(error.kind, req.ids, error.message);
    throw error;
  }
}

/** Splits `/v1.0/a/b?x=1` into decoded path segments after `v1.0` and the raw query. */
export function splitTarget(target: string): { path: string; segments: string[]; query: string } {
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? "" : target.slice(q + 1);
  const segments = path
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw new GraphProblem("badQuery", `Malformed path segment '${s}'.`);
      }
    });
  return { path, segments: segments.slice(1), query };
}

function dispatch(req: GraphRequest, ctx: RouteContext): GraphResponse {
  const { path, segments, query } = splitTarget(req.target);
  const lower = segments.map((s) => s.toLowerCase());
  const [first, second, third] = lower;
  if (first === "groups") {
    if (segments.length === 1) return get(req, () => listGroups(req, ctx, path, query));
    if (segments.length === 2 && isGroupsDeltaSegment(lower[1] as string)) return get(req, () => routeGroupsDelta(ctx, path, query));
    if (segments.length === 2) return get(req, () => getGroup(req, ctx, segments[1] as string, query));
    if (third === "transitivemembers" || third === "members") {
      // {transitiveMembers|members}[/{cast}][/$count]
      const tail = lower.slice(3);
      const count = tail[tail.length - 1] === "$count";
      if (count) tail.pop();
      if (tail.length > 1) throw unknownSegment(segments[4] ?? "");
      const relation = third === "members" ? "members" : "transitiveMembers";
      return get(req, () => memberListing(req, ctx, { relation, groupId: segments[1] as string, cast: tail[0], count, path, query }));
    }
    throw unknownSegment(segments[2] ?? "");
  }
  if (first === "me" && second === "messages" && segments.length === 2) return get(req, () => findMessages(req, ctx, query));
  if (first === "me" && second === "getmailtips" && segments.length === 2) {
    if (req.method !== "POST") throw new GraphProblem("methodNotAllowed");
    return getMailTips(req, ctx);
  }
  if (first === "$batch") throw new GraphProblem("badBatch", "A batch request cannot contain another batch request.");
  throw unknownSegment(segments[0] ?? "");
}

/**
 * `GET /me/messages?$filter=internetMessageId eq '<id>'&$select=from&$top=1` (api/user-list-messages.md):
 * a collection, empty when no message has that id — Graph answers 200, not 404, to a filter that
 * matches nothing. Only the `internetMessageId eq` filter is understood.
 */
function findMessages(req: GraphRequest, ctx: RouteContext, query: string): GraphResponse {
  const q = parseQuery(query, ["$filter", "$select", "$top"]);
  const filter = q.get("$filter");
  const match = filter === undefined ? undefined : /^\s*internetMessageId\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter);
  if (filter !== undefined && !match) throw new GraphProblem("unsupportedQuery", "The fake Graph server filters messages by internetMessageId only.");
  const id = match?.[1]?.replace(/''/g, "'");
  const found = ctx.messages.filter((m) => id === undefined || m.internetMessageId === id);
  const top = Number(q.get("$top") ?? "10");
  const value = found.slice(0, Number.isInteger(top) && top > 0 ? top : 10).map((m) => ({
    id: objectIdFor("message", m.internetMessageId),
    from: { emailAddress: { name: m.from.name ?? m.from.address, address: m.from.address } },
  }));
  return jsonResponse(200, { "@odata.context": `${ctx.baseUrl}/$metadata#users('me')/messages(from)`, value });
}

function get(req: GraphRequest, handler: () => GraphResponse): GraphResponse {
  if (req.method !== "GET") throw new GraphProblem("methodNotAllowed");
  return handler();
}

/** Graph answers an unknown path segment with 400 `BadRequest`, not 404 (CONTRACT.md §7). */
export function unknownSegment(segment: string): GraphProblem {
  return new GraphProblem("unknownSegment", `Resource not found for the segment '${segment}'.`);
}

// ---------------------------------------------------------------------------------------------
// Query options

/** The OData system query options the fake understands; any other `$` option is refused. */
type QueryOption = "$filter" | "$select" | "$top" | "$skiptoken" | "$count";

function parseQuery(query: string, allowed: readonly QueryOption[]): Map<QueryOption, string> {
  const out = new Map<QueryOption, string>();
  for (const [rawName, value] of new URLSearchParams(query)) {
    const name = rawName.toLowerCase();
    if (!name.startsWith("$")) continue; // Graph ignores custom query parameters.
    if (!(allowed as readonly string[]).includes(name)) {
      throw new GraphProblem("unsupportedQuery", `The query option '${rawName}' is not supported here by the fake Graph server.`);
    }
    if (out.has(name as QueryOption)) throw new GraphProblem("badQuery", `Query option '${rawName}' was specified more than once, but it must be specified at most once.`);
    out.set(name as QueryOption, value);
  }
  return out;
}

function hasEventualConsistency(req: GraphRequest): boolean {
  return req.headers.consistencylevel?.trim().toLowerCase() === "eventual";
}

function parseCountOption(q: Map<QueryOption, string>): boolean {
  const value = q.get("$count");
  if (value === undefined) return false;
  const lower = value.trim().toLowerCase();
  if (lower !== "true" && lower !== "false") throw new GraphProblem("badQuery", `Invalid value '${value}' for $count: expected true or false.`);
  return lower === "true";
}

/** `prop eq 'value'` with `''` as an escaped quote; undefined when the filter has another shape. */
function parseEquality(filter: string, property: string): string | undefined {
  const match = new RegExp(`^\\s*${property}\\s+eq\\s+'((?:[^']|'')*)'\\s*$`, "i").exec(filter);
  return match ? (match[1] as string).replace(/''/g, "'") : undefined;
}

interface Paging {
  offset: number;
  top: number;
}

/** A skip token names the directory generation, the listing it belongs to and the next offset. */
function encodeSkipToken(generation: number, listKey: string, offset: number): string {
  return Buffer.from(JSON.stringify({ g: generation, k: listKey, o: offset })).toString("base64url");
}

function parsePaging(q: Map<QueryOption, string>, ctx: RouteContext, listKey: string): Paging {
  let top = DEFAULT_PAGE_SIZE;
  const topText = q.get("$top");
  if (topText !== undefined) {
    top = /^\s*\d+\s*$/.test(topText) ? Number(topText) : NaN;
    if (!(top >= 1 && top <= MAX_PAGE_SIZE)) {
      throw new GraphProblem("badPageSize", `Invalid page size specified: '${topText}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`);
    }
  }
  let offset = 0;
  const token = q.get("$skiptoken");
  if (token !== undefined) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    } catch {
      decoded = undefined;
    }
    const t = decoded as { g?: unknown; k?: unknown; o?: unknown } | undefined;
    if (typeof t !== "object" || t === null || t.g !== ctx.generation || t.k !== listKey || typeof t.o !== "number" || !Number.isSafeInteger(t.o) || t.o < 0) {
      throw new GraphProblem("badSkipToken");
    }
    offset = t.o;
  }
  return { offset, top };
}

/** The absolute next-page URL: the request's own path and options with a new `$skiptoken`. */
function nextLink(ctx: RouteContext, path: string, q: Map<QueryOption, string>, token: string): string {
  const origin = new URL(ctx.baseUrl).origin;
  const parts: string[] = [];
  for (const [name, value] of q) if (name !== "$skiptoken") parts.push(`${name}=${encodeURIComponent(value)}`);
  parts.push(`$skiptoken=${token}`);
  return `${origin}${path}?${parts.join("&")}`;
}

// ---------------------------------------------------------------------------------------------
// Objects and $select

export type ObjectType = "user" | "orgContact" | "group";

/**
 * What Graph v1.0 returns without `$select` (each property is a property of its type in the
 * published metadata; the conformance check in tools/graph-conformance holds this to it).
 */
export const DEFAULT_PROPERTIES: Record<ObjectType, readonly string[]> = {
  user: ["id", "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName"],
  orgContact: ["id", "companyName", "displayName", "givenName", "mail", "mailNickname", "proxyAddresses", "surname"],
  group: ["id", "deletedDateTime", "description", "displayName", "groupTypes", "mail", "mailEnabled", "mailNickname", "proxyAddresses", "securityEnabled", "visibility"],
};

/** Selectable properties: the defaults, plus `userType`, which Graph returns only when selected. */
export const SELECTABLE: Record<ObjectType, readonly string[]> = {
  user: [...DEFAULT_PROPERTIES.user, "userType"],
  orgContact: DEFAULT_PROPERTIES.orgContact,
  group: DEFAULT_PROPERTIES.group,
};

/** Properties served as collections: limited information leaves them empty, never null. */
const COLLECTIONS = new Set(["businessPhones", "groupTypes", "proxyAddresses"]);

function unknownProperty(name: string, types: readonly ObjectType[]): GraphProblem {
  const typeName = types.length === 1 ? `microsoft.graph.${types[0]}` : "microsoft.graph.directoryObject";
  return new GraphProblem("badQuery", `Could not find a property named '${name}' on type '${typeName}'.`);
}

export function parseSelect(value: string | undefined, types: readonly ObjectType[]): string[] | undefined {
  if (value === undefined) return undefined;
  const known = new Map<string, string>();
  for (const type of types) for (const name of SELECTABLE[type]) known.set(name.toLowerCase(), name);
  const names = value.split(",").map((s) => s.trim());
  return names.map((name) => {
    const canonical = known.get(name.toLowerCase());
    if (canonical === undefined) throw unknownProperty(name, types);
    return canonical;
  });
}

function localPart(address: string): string {
  return address.slice(0, address.lastIndexOf("@"));
}

function personRecord(person: PersonEntry, tenant: FakeTenant): Record<string, unknown> {
  if (person.kind === "orgContact") {
    return {
      id: objectIdFor("orgContact", person.mail),
      companyName: null,
      displayName: person.displayName,
      givenName: null,
      mail: person.mail,
      mailNickname: localPart(person.mail),
      proxyAddresses: [`SMTP:${person.mail}`],
      surname: null,
    };
  }
  const home = tenant.primaryDomain;
  // Guests sign in as `name_domain#EXT#@tenant`, as Entra B2B writes it.
  const upn = person.userType === "Guest" && home ? `${localPart(person.mail)}_${domainOf(person.mail)}#EXT#@${home}` : person.mail;
  return {
    id: objectIdFor("user", person.mail),
    businessPhones: [],
    displayName: person.displayName,
    givenName: null,
    jobTitle: null,
    mail: person.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: null,
    userPrincipalName: upn,
    userType: person.userType,
  };
}

/**
 * A group as Graph shows it (resources/groups-overview): a distribution list is `groupTypes: []`,
 * mail-enabled, not security-enabled; a mail-enabled security group is security-enabled; a
 * Microsoft 365 group has `groupTypes: ["Unified"]`. `proxyAddresses` holds the primary address as
 * `SMTP:` and the aliases as `smtp:`; `mail` is the primary address only.
 */
export function groupRecord(group: GroupRecord): Record<string, unknown> {
  const unified = group.type === "unified";
  return {
    id: group.id,
    deletedDateTime: null,
    description: null,
    displayName: group.displayName,
    groupTypes: unified ? ["Unified"] : [],
    mail: group.mail,
    mailEnabled: true,
    mailNickname: localPart(group.mail),
    proxyAddresses: [`SMTP:${group.mail}`, ...group.aliases.map((alias) => `smtp:${alias}`)],
    securityEnabled: group.type === "security",
    visibility: unified ? "Public" : null,
  };
}

export function project(record: Record<string, unknown>, type: ObjectType, select: readonly string[] | undefined, withType: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = withType ? { "@odata.type": `#microsoft.graph.${type}` } : {};
  for (const name of select ?? DEFAULT_PROPERTIES[type]) if (name in record) out[name] = record[name];
  return out;
}

/**
 * "Limited information returned for inaccessible member objects" (concepts/permissions-overview):
 * without permission to read the member's type, Graph still lists it, with `@odata.type` and `id`
 * and every other property null.
 */
function limitedRecord(type: ObjectType, id: string, select: readonly string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { "@odata.type": `#microsoft.graph.${type}` };
  for (const name of select ?? DEFAULT_PROPERTIES[type]) out[name] = name === "id" ? id : COLLECTIONS.has(name) ? [] : null;
  if (!("id" in out)) out.id = id;
  return out;
}

function serializeMember(entry: MemberEntry, tenant: FakeTenant, select: readonly string[] | undefined, withType: boolean): Record<string, unknown> {
  if (entry.kind === "group") return project(groupRecord(entry.group), "group", select, withType);
  const readable = entry.kind === "user" ? tenant.consent.users : tenant.consent.contacts;
  if (!readable) return limitedRecord(entry.kind, objectIdFor(entry.kind, entry.mail), select);
  return project(personRecord(entry, tenant), entry.kind, select, withType);
}

function contextUrl(ctx: RouteContext, entitySet: string, select: readonly string[] | undefined): string {
  return `${ctx.baseUrl}/$metadata#${entitySet}${select ? `(${select.join(",")})` : ""}`;
}

// ---------------------------------------------------------------------------------------------
// /groups

function requireGroupsConsent(ctx: RouteContext): void {
  if (!ctx.tenant.consent.groups) throw new GraphProblem("groupsForbidden");
}

/** Splits a filter at ` or ` outside string literals. */
function splitOr(filter: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && /\s/.test(c as string)) {
      const match = /^\s+or\s+/i.exec(filter.slice(i));
      if (match) {
        parts.push(filter.slice(start, i));
        i += match[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(filter.slice(start));
  return parts;
}

const LITERAL = "'((?:[^']|'')*)'";
const MAIL_EQ = new RegExp(`^\\s*mail\\s+eq\\s+${LITERAL}\\s*$`, "i");
const PROXY_ANY = new RegExp(`^\\s*proxyAddresses/any\\(\\s*([A-Za-z_]\\w*)\\s*:\\s*\\1\\s+eq\\s+${LITERAL}\\s*\\)\\s*$`, "i");

function unquote(literal: string): string {
  return literal.replace(/''/g, "'");
}

/**
 * `/groups` filters the add-in may send (includes/filter-directory-objects): `mail eq '…'`
 * (the primary address) and `proxyAddresses/any(x:x eq 'smtp:…')` (any address of the list,
 * compared case-insensitively as Exchange does), joined by `or`. A property the group type does not
 * have is 400 `Request_BadRequest`, as in Graph; other filters are beyond the fake (400
 * `Request_UnsupportedQuery`).
 */
function parseGroupFilter(filter: string): (group: GroupRecord) => boolean {
  const tests = splitOr(filter).map((clause): ((group: GroupRecord) => boolean) => {
    const mail = MAIL_EQ.exec(clause);
    if (mail) {
      const key = unquote(mail[1] as string).toLowerCase();
      return (group) => group.key === key;
    }
    const proxy = PROXY_ANY.exec(clause);
    if (proxy) {
      const value = unquote(proxy[2] as string).toLowerCase();
      return (group) => (groupRecord(group).proxyAddresses as string[]).some((p) => p.toLowerCase() === value);
    }
    throw refusedFilter(clause, ["group"], "mail eq '…' and proxyAddresses/any(x:x eq '…'), joined by or, on groups");
  });
  return (group) => tests.some((test) => test(group));
}

/**
 * Why a filter the fake does not evaluate is refused: a property the type does not have is 400
 * `Request_BadRequest`, as in Graph; a real property in a shape beyond the fake is 400
 * `Request_UnsupportedQuery`.
 */
function refusedFilter(clause: string, types: readonly ObjectType[], supported: string): GraphProblem {
  // The property a clause names: `name op …`, `name/any(…)` or the first argument of a function.
  const property = /^\s*\(?\s*(?:[A-Za-z]+\(\s*)?([A-Za-z_]\w*)(?=[\s/,)])/.exec(clause)?.[1];
  const known = (name: string): boolean => types.some((type) => SELECTABLE[type].some((p) => p.toLowerCase() === name.toLowerCase()));
  if (property !== undefined && !known(property)) return unknownProperty(property, types);
  return new GraphProblem("unsupportedQuery", `Unsupported filter: '${clause.trim()}'. The fake Graph server supports ${supported}.`);
}

function listGroups(req: GraphRequest, ctx: RouteContext, path: string, query: string): GraphResponse {
  requireGroupsConsent(ctx);
  const q = parseQuery(query, ["$filter", "$select", "$top", "$skiptoken", "$count"]);
  let groups = ctx.tenant.visibleGroups();
  const filter = q.get("$filter");
  if (filter !== undefined) groups = groups.filter(parseGroupFilter(filter));
  const select = parseSelect(q.get("$select"), ["group"]);
  const listKey = `groups|${filter ?? ""}`;
  const { offset, top } = parsePaging(q, ctx, listKey);
  if (offset > groups.length) throw new GraphProblem("badSkipToken");
  const page = groups.slice(offset, offset + top);
  const body: Record<string, unknown> = { "@odata.context": contextUrl(ctx, "groups", select) };
  if (parseCountOption(q) && hasEventualConsistency(req)) body["@odata.count"] = groups.length;
  if (offset + page.length < groups.length) body["@odata.nextLink"] = nextLink(ctx, path, q, encodeSkipToken(ctx.generation, listKey, offset + page.length));
  body.value = page.map((g) => project(groupRecord(g), "group", select, false));
  return jsonResponse(200, body);
}

function findGroup(ctx: RouteContext, id: string): GroupRecord {
  const group = ctx.tenant.visibleGroupById(id);
  if (!group) throw new GraphProblem("objectNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  return group;
}

function getGroup(_req: GraphRequest, ctx: RouteContext, id: string, query: string): GraphResponse {
  requireGroupsConsent(ctx);
  const q = parseQuery(query, ["$select"]);
  const select = parseSelect(q.get("$select"), ["group"]);
  const group = findGroup(ctx, id);
  return jsonResponse(200, { "@odata.context": `${contextUrl(ctx, "groups", select)}/$entity`, ...project(groupRecord(group), "group", select, false) });
}

// ---------------------------------------------------------------------------------------------
// /groups/{id}/{transitiveMembers|members}[/cast][/$count]

const CASTS: Record<string, { filterType: MemberFilter["type"]; types: readonly ObjectType[]; entitySet: string }> = {
  "": { filterType: "directoryObject", types: ["user", "orgContact", "group"], entitySet: "directoryObjects" },
  "microsoft.graph.user": { filterType: "user", types: ["user"], entitySet: "users" },
  "microsoft.graph.orgcontact": { filterType: "orgContact", types: ["orgContact"], entitySet: "contacts" },
  "microsoft.graph.group": { filterType: "group", types: ["group"], entitySet: "groups" },
};

/**
 * Member types each kind of group can hold (concepts/includes/groups-allowed-member-types.md):
 * Microsoft 365 groups users only; security groups also groups and org contacts (and devices and
 * service principals, which the fake does not model); distribution lists users, contacts and groups.
 */
const MEMBER_TYPES: Record<GroupRecord["type"], readonly MemberFilter["type"][]> = {
  unified: ["directoryObject", "user"],
  security: ["directoryObject", "user", "orgContact", "group"],
  distribution: ["directoryObject", "user", "orgContact", "group"],
};

interface MemberQuery {
  relation: "members" | "transitiveMembers";
  groupId: string;
  /** Lower-case cast segment, e.g. `microsoft.graph.user`. */
  cast: string | undefined;
  /** The `/$count` segment. */
  count: boolean;
  path: string;
  query: string;
}

function memberListing(req: GraphRequest, ctx: RouteContext, t: MemberQuery): GraphResponse {
  requireGroupsConsent(ctx);
  const cast = CASTS[t.cast ?? ""];
  if (!cast) throw unknownSegment(t.cast ?? "");
  const group = findGroup(ctx, t.groupId);
  if (!MEMBER_TYPES[group.type].includes(cast.filterType)) {
    // api/group-list-transitivemembers: a cast to a type the group cannot hold is an unsupported query.
    throw new GraphProblem("unsupportedQuery", `A ${group.type} group cannot have members of type 'microsoft.graph.${cast.filterType}'.`);
  }
  const q = parseQuery(t.query, t.count ? ["$filter"] : ["$filter", "$select", "$top", "$skiptoken", "$count"]);
  const filter: MemberFilter = { type: cast.filterType };
  const filterText = q.get("$filter");
  if (filterText !== undefined) {
    const userType = cast.filterType === "user" ? parseEquality(filterText, "userType") : undefined;
    if (userType === undefined) throw refusedFilter(filterText, cast.types, "only userType eq '…' on microsoft.graph.user");
    // Undocumented: whether Graph filters on a property the caller may not read. The fake refuses,
    // the answer that hurts most (a failed guest count must not discard the other counts).
    if (!ctx.tenant.consent.users) throw new GraphProblem("groupsForbidden", "Insufficient privileges to filter on userType.");
    filter.userType = userType;
  }
  const eventual = hasEventualConsistency(req);
  const members = t.relation === "members" ? ctx.tenant.directMembers(group) : ctx.tenant.transitiveMembers(group);

  if (t.count) {
    // Counting directory objects is an advanced query (concepts/aad-advanced-queries.md).
    if (!eventual) throw new GraphProblem("countNeedsConsistency");
    return textResponse(200, String(members.count(filter)));
  }

  const countRequested = parseCountOption(q);
  if ((filterText !== undefined || t.cast !== undefined) && !(eventual && countRequested)) {
    // A cast or a filter on members is an advanced query: it needs ConsistencyLevel: eventual and
    // $count=true (api/group-list-transitivemembers, concepts/aad-advanced-queries).
    throw new GraphProblem("unsupportedQuery", "This query (an OData cast or filter on members) requires the ConsistencyLevel: eventual header and $count=true.");
  }
  const select = parseSelect(q.get("$select"), cast.types);
  const listKey = `${t.relation}|${group.id}|${cast.filterType}|${filter.userType ?? ""}`;
  const { offset, top } = parsePaging(q, ctx, listKey);
  const total = members.count(filter);
  if (offset > total) throw new GraphProblem("badSkipToken");
  const page = members.page(filter, offset, top);
  const body: Record<string, unknown> = { "@odata.context": contextUrl(ctx, cast.entitySet, select) };
  if (countRequested && eventual) body["@odata.count"] = total;
  if (offset + page.length < total) body["@odata.nextLink"] = nextLink(ctx, t.path, q, encodeSkipToken(ctx.generation, listKey, offset + page.length));
  const withType = cast.filterType === "directoryObject";
  body.value = page.map((entry) => serializeMember(entry, ctx.tenant, select, withType));
  return jsonResponse(200, body);
}

// ---------------------------------------------------------------------------------------------
// /me/getMailTips

function readJsonBody(req: GraphRequest): unknown {
  const body = req.body;
  if (!body) throw new GraphProblem("badBody", "A request body is required.");
  const contentType = req.headers["content-type"];
  if (!contentType || !/^application\/json\s*(;|$)/i.test(contentType)) throw new GraphProblem("unsupportedMediaType");
  if (body.kind === "json") return body.value;
  try {
    return JSON.parse(body.text) as unknown;
  } catch {
    throw new GraphProblem("badBody", "The request body is not valid JSON.");
  }
}

function parseMailTipsBody(value: unknown, max: number): { addresses: string[]; options: Set<MailTipsOption> } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new GraphProblem("badBody", "The request body must be a JSON object.");
  let addresses: unknown;
  let optionsText: unknown;
  for (const [key, field] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (lower === "emailaddresses") addresses = field;
    else if (lower === "mailtipsoptions") optionsText = field;
    else throw new GraphProblem("badBody", `The parameter '${key}' in the request payload is not a valid parameter for the operation 'getMailTips'.`);
  }
  if (!Array.isArray(addresses) || !addresses.every((a) => typeof a === "string")) {
    throw new GraphProblem("badBody", "EmailAddresses must be an array of strings.");
  }
  if (typeof optionsText !== "string") throw new GraphProblem("badBody", "MailTipsOptions must be a string such as \"totalMemberCount, externalMemberCount\".");
  const options = new Set<MailTipsOption>();
  for (const word of optionsText.split(/[\s,]+/).filter((w) => w.length > 0)) {
    const option = MAIL_TIPS_OPTIONS.find((o) => o.toLowerCase() === word.toLowerCase());
    if (!option) throw new GraphProblem("badBody", `Requested value '${word}' was not found.`);
    options.add(option);
  }
  if (options.size === 0) throw new GraphProblem("badBody", "MailTipsOptions names no mail tip.");
  if (addresses.length > max) {
    throw new GraphProblem("tooManyRecipients", `The request names ${addresses.length} recipients; at most ${max} are allowed in one getMailTips call.`);
  }
  return { addresses: addresses, options };
}

function getMailTips(req: GraphRequest, ctx: RouteContext): GraphResponse {
  if (!ctx.tenant.consent.mail) throw new GraphProblem("mailForbidden");
  const { addresses, options } = parseMailTipsBody(readJsonBody(req), ctx.mailTipsMaxAddresses);
  return jsonResponse(200, {
    "@odata.context": `${ctx.baseUrl}/$metadata#Collection(microsoft.graph.mailTips)`,
    value: addresses.map((address) => mailTipFor(address, options, ctx.tenant)),
  });
}

function mailTipFor(address: string, options: ReadonlySet<MailTipsOption>, tenant: FakeTenant): Record<string, unknown> {
  const trimmed = address.trim();
  if (!isAddress(trimmed)) {
    return { emailAddress: { name: "", address }, error: { message: "The recipient address is not a valid SMTP address.", code: "ErrorInvalidSmtpAddress" } };
  }
  const recipient = tenant.recipient(trimmed);
  let metrics: { totalMemberCount: number; externalMemberCount: number } | undefined;
  let name: string;
  if (recipient.kind === "group") {
    const override = recipient.group.mailTips;
    metrics = override === false ? undefined : (override ?? tenant.directMetrics(recipient.group));
    name = recipient.group.displayName;
  } else {
    metrics = { totalMemberCount: 1, externalMemberCount: recipient.person.external ? 1 : 0 };
    name = tenant.isDeclared(trimmed) ? recipient.person.displayName : "";
  }
  const tip: Record<string, unknown> = { emailAddress: { name, address } };
  if (options.has("automaticReplies")) tip.automaticReplies = { message: "" };
  if (options.has("mailboxFullStatus")) tip.mailboxFull = false;
  if (options.has("externalMemberCount") && metrics) tip.externalMemberCount = metrics.externalMemberCount;
  if (options.has("totalMemberCount") && metrics) tip.totalMemberCount = metrics.totalMemberCount;
  if (options.has("deliveryRestriction")) tip.deliveryRestricted = false;
  if (options.has("moderationStatus")) tip.isModerated = false;
  if (options.has("recipientScope")) tip.recipientScope = tenant.isInternalDomain(domainOf(trimmed)) ? "internal" : "external";
  if (options.has("recipientSuggestions")) tip.recipientSuggestions = [];
  if (options.has("maxMessageSize")) tip.maxMessageSize = MAX_MESSAGE_SIZE;
  return tip;
}
