import { objectIdFor, type FakeTenant, type GroupRecord, type MemberEntry } from "./FakeTenant";
import { GraphProblem, jsonResponse, type GraphResponse } from "./graphResponses";
import { groupRecord, parseSelect, project, type RouteContext } from "./routeGraphRequest";

/**
 * `GET /groups/delta` (api/group-delta.md, concepts/delta-query-groups.md), as the tenant list
 * index job uses it:
 *
 * - The first round returns every group Graph knows, page by page through `@odata.nextLink`, and
 *   ends with an `@odata.deltaLink`; following that link later returns only the groups created,
 *   changed or deleted since (deleted ones as `{ id, "@removed": { reason } }`), then a new deltaLink.
 * - `$select` chooses the properties, and is remembered in the state tokens: later links carry
 *   no query options of their own. Selecting `members` adds `members@delta`, the group's direct
 *   members as `{ "@odata.type", id }` (removed ones with `"@removed": { "reason": "deleted" }`).
 *   A group with many members fills whole pages and comes back on the next page with the rest, as
 *   the documentation's "Paging through members in a large group" describes; callers must merge.
 * - Only `$select`, `$skiptoken` and `$deltatoken` are understood; anything else is refused (400),
 *   since Graph's delta supports few query options and the fake does not guess which.
 *
 * Skip tokens are bound to the directory generation, like other listings. Delta tokens survive
 * `load()`: that is how a test changes the tenant between two runs of the job. Simplification: a
 * changed group's `members@delta` lists all its current direct members (a superset of the added
 * ones, which a caller that merges must handle anyway), plus the declared members and nested groups
 * removed since; generated members removed between loads are not reported.
 */

/** Objects (groups and members) per page; Graph does not document its delta page size. */
export const DELTA_PAGE_OBJECTS = 5000;
const MAX_GROUPS_PER_PAGE = 100;
/** Delta states kept; older tokens are refused like expired ones. */
const MAX_SNAPSHOTS = 100;

const SELECTABLE_EXTRA = "members";

export function isGroupsDeltaSegment(lowerSegment: string): boolean {
  return lowerSegment === "delta" || lowerSegment === "microsoft.graph.delta";
}

/** What one group looked like when a delta round ended. */
interface GroupState {
  fingerprint: string;
  /** Ids of declared direct members and nested groups. */
  memberIds: ReadonlySet<string>;
}

interface Snapshot {
  groups: ReadonlyMap<string, GroupState>;
}

/** The state a link carries: where the round started from, what was selected, where the next page starts. */
interface DeltaPosition {
  /** Snapshot id the round compares against; null for a first round (everything is new). */
  from: number | null;
  select: string[] | null;
  /** Index in the round's group list, and member offset inside that group. */
  group: number;
  member: number;
  generation: number;
}

const snapshots = new Map<number, Snapshot>();
let nextSnapshotId = 1;

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function decode(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

function declaredMemberIds(tenant: FakeTenant, group: GroupRecord): Set<string> {
  const ids = new Set<string>();
  for (const key of group.memberKeys) {
    const recipient = tenant.recipient(key);
    if (recipient.kind === "group") {
      if (!recipient.group.dynamic && recipient.group.key !== group.key) ids.add(recipient.group.id);
    } else {
      ids.add(objectIdFor(recipient.person.kind, recipient.person.mail));
    }
  }
  return ids;
}

function stateOf(tenant: FakeTenant, group: GroupRecord): GroupState {
  const fingerprint = JSON.stringify([
    groupRecord(group),
    group.memberKeys,
    group.generate.map((run) => [run.pattern.key, run.range]),
  ]);
  return { fingerprint, memberIds: declaredMemberIds(tenant, group) };
}

function takeSnapshot(tenant: FakeTenant): number {
  const groups = new Map<string, GroupState>();
  for (const group of tenant.visibleGroups()) groups.set(group.id, stateOf(tenant, group));
  const id = nextSnapshotId++;
  snapshots.set(id, { groups });
  while (snapshots.size > MAX_SNAPSHOTS) {
    const oldest = snapshots.keys().next();
    if (oldest.done === true) break;
    snapshots.delete(oldest.value);
  }
  return id;
}

/** The groups a round reports, in a fixed order, and the ids of those deleted since `from`. */
function roundOf(tenant: FakeTenant, from: Snapshot | undefined): { changed: GroupRecord[]; deleted: string[] } {
  const groups = tenant.visibleGroups();
  if (!from) return { changed: groups, deleted: [] };
  const changed = groups.filter((g) => from.groups.get(g.id)?.fingerprint !== stateOf(tenant, g).fingerprint);
  const present = new Set(groups.map((g) => g.id));
  const deleted = [...from.groups.keys()].filter((id) => !present.has(id));
  return { changed, deleted };
}

function memberObject(entry: MemberEntry): Record<string, unknown> {
  if (entry.kind === "group") return { "@odata.type": "#microsoft.graph.group", id: entry.group.id };
  return { "@odata.type": `#microsoft.graph.${entry.kind}`, id: objectIdFor(entry.kind, entry.mail) };
}

function parseDeltaQuery(query: string): { select?: string; skip?: string; delta?: string } {
  const out: { select?: string; skip?: string; delta?: string } = {};
  for (const [rawName, value] of new URLSearchParams(query)) {
    const name = rawName.toLowerCase();
    if (!name.startsWith("$")) continue;
    const key = name === "$select" ? "select" : name === "$skiptoken" ? "skip" : name === "$deltatoken" ? "delta" : undefined;
    if (key === undefined) throw new GraphProblem("unsupportedQuery", `The query option '${rawName}' is not supported on groups delta by the fake Graph server.`);
    if (out[key] !== undefined) throw new GraphProblem("badQuery", `Query option '${rawName}' was specified more than once, but it must be specified at most once.`);
    out[key] = value;
  }
  return out;
}

function readPosition(token: string, ctx: RouteContext, kind: "skip" | "delta"): DeltaPosition {
  const t = decode(token) as Partial<Record<keyof DeltaPosition | "k", unknown>> | undefined;
  const valid =
    typeof t === "object" &&
    t !== null &&
    t.k === kind &&
    (t.from === null || (typeof t.from === "number" && snapshots.has(t.from))) &&
    (t.select === null || (Array.isArray(t.select) && t.select.every((s) => typeof s === "string"))) &&
    typeof t.group === "number" &&
    typeof t.member === "number" &&
    typeof t.generation === "number";
  if (!valid) throw new GraphProblem("badSkipToken", kind === "delta" ? "Invalid or expired delta token." : undefined);
  const position = { from: t.from as number | null, select: t.select as string[] | null, group: t.group as number, member: t.member as number, generation: t.generation as number };
  if (kind === "skip" && position.generation !== ctx.generation) throw new GraphProblem("badSkipToken");
  return position;
}

export function routeGroupsDelta(ctx: RouteContext, path: string, query: string): GraphResponse {
  if (!ctx.tenant.consent.groups) throw new GraphProblem("groupsForbidden");
  const q = parseDeltaQuery(query);
  if ((q.skip !== undefined || q.delta !== undefined) && q.select !== undefined) {
    throw new GraphProblem("badQuery", "Query options are carried by the state token; a request with a token must not repeat them.");
  }
  if (q.skip !== undefined && q.delta !== undefined) throw new GraphProblem("badQuery", "A request carries one state token, not two.");
  let position: DeltaPosition;
  if (q.skip !== undefined) position = readPosition(q.skip, ctx, "skip");
  else if (q.delta !== undefined) position = { ...readPosition(q.delta, ctx, "delta"), group: 0, member: 0, generation: ctx.generation };
  else {
    let select: string[] | null = null;
    if (q.select !== undefined) {
      const names = q.select.split(",").map((s) => s.trim());
      const members = names.some((n) => n.toLowerCase() === SELECTABLE_EXTRA);
      const properties = parseSelect(names.filter((n) => n.toLowerCase() !== SELECTABLE_EXTRA).join(",") || "id", ["group"]) ?? [];
      select = [...new Set(["id", ...properties]), ...(members ? [SELECTABLE_EXTRA] : [])];
    }
    position = { from: null, select, group: 0, member: 0, generation: ctx.generation };
  }

  const from = position.from === null ? undefined : snapshots.get(position.from);
  const { changed, deleted } = roundOf(ctx.tenant, from);
  const withMembers = position.select === null || position.select.includes(SELECTABLE_EXTRA);
  const properties = position.select?.filter((s) => s !== SELECTABLE_EXTRA);

  const value: Record<string, unknown>[] = [];
  let budget = DELTA_PAGE_OBJECTS;
  let g = position.group;
  let m = position.member;
  while (g < changed.length && budget > 0 && value.length < MAX_GROUPS_PER_PAGE) {
    const group = changed[g] as GroupRecord;
    const item = project(groupRecord(group), "group", properties, false);
    budget -= 1;
    if (withMembers) {
      const list = ctx.tenant.directMembers(group);
      const total = list.count({ type: "directoryObject" });
      const members = list.page({ type: "directoryObject" }, m, Math.max(0, budget)).map(memberObject);
      if (m === 0 && from) {
        const now = declaredMemberIds(ctx.tenant, group);
        const before = from.groups.get(group.id)?.memberIds ?? new Set<string>();
        for (const id of before) if (!now.has(id)) members.push({ "@odata.type": "#microsoft.graph.directoryObject", id, "@removed": { reason: "deleted" } });
      }
      budget -= members.length;
      if (members.length > 0) item["members@delta"] = members;
      m += members.length;
      value.push(item);
      if (m < total) break; // the rest of this group's members on the next page
    } else {
      value.push(item);
    }
    g += 1;
    m = 0;
  }

  const body: Record<string, unknown> = { "@odata.context": `${ctx.baseUrl}/$metadata#groups${properties ? `(${properties.join(",")})` : ""}` };
  const origin = new URL(ctx.baseUrl).origin;
  if (g < changed.length) {
    const token = encode({ k: "skip", from: position.from, select: position.select, group: g, member: m, generation: ctx.generation });
    body["@odata.nextLink"] = `${origin}${path}?$skiptoken=${token}`;
  } else {
    for (const id of deleted) value.push({ id, "@removed": { reason: "changed" } });
    const token = encode({ k: "delta", from: takeSnapshot(ctx.tenant), select: position.select, group: 0, member: 0, generation: ctx.generation });
    body["@odata.deltaLink"] = `${origin}${path}?$deltatoken=${token}`;
  }
  body.value = value;
  return jsonResponse(200, body);
}
