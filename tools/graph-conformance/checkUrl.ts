import { checkValue } from "./checkJson";
import { derivesFrom, findProperty, splitCollection, unqualified, type GraphModel } from "./csdl";

/**
 * Holds a request the adapter sent to the metadata: every path segment is an entity set, a key, a
 * navigation property, a cast to a derived entity type, `$count` or an action bound to the type;
 * every `$select` and `$filter` property exists on the type; query options and action parameters
 * are Graph's. Also the documented advanced-query rules (api/group-list-transitivemembers,
 * concepts/aad-advanced-queries): a cast or a filter on a member listing needs
 * `ConsistencyLevel: eventual` and `$count=true`, and `/$count` needs the header.
 */

export interface SentRequest {
  method: string;
  /** Path and query as sent, percent-encoded, starting with `/v1.0`. */
  raw: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string>>;
  body?: unknown;
}

/**
 * Graph's entity sets and singletons the adapter may start from. The extract holds the types but
 * not the entity container, so the roots are named here, from Graph's v1.0 reference.
 */
const ROOTS: Record<string, { type: string; collection: boolean }> = {
  groups: { type: "group", collection: true },
  users: { type: "user", collection: true },
  contacts: { type: "orgContact", collection: true },
  directoryObjects: { type: "directoryObject", collection: true },
  me: { type: "user", collection: false },
};

const SYSTEM_OPTIONS = new Set(["$select", "$filter", "$top", "$count", "$skiptoken", "$orderby", "$search", "$expand", "$skip"]);
const FILTER_WORDS = new Set(["eq", "ne", "gt", "ge", "lt", "le", "and", "or", "not", "in", "has", "true", "false", "null"]);
const MEMBER_LISTINGS = new Set(["members", "transitiveMembers"]);

interface Position {
  type: string;
  collection: boolean;
  /** The navigation property this collection came from, if any. */
  via?: string;
}

export function checkRequest(model: GraphModel, request: SentRequest): string[] {
  const problems: string[] = [];
  const where = `${request.method} ${request.raw}`;
  const fail = (message: string): string[] => {
    problems.push(`${where}: ${message}`);
    return problems;
  };
  const url = new URL(request.raw, "https://graph.invalid");
  const segments = url.pathname.split("/").filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
  if (segments[0] !== "v1.0") return fail("the path does not start with /v1.0");
  const [root, ...rest] = segments.slice(1);
  if (root === "$batch") return request.method === "POST" ? problems : fail("$batch must be a POST");
  const start = root === undefined ? undefined : ROOTS[root];
  if (!start) return fail(`'${root ?? ""}' is not an entity set or singleton the adapter should use`);
  let at: Position = { ...start };
  let cast = false;
  let count = false;
  let action: string | undefined;
  for (const segment of rest) {
    if (count || action) return fail(`nothing may follow ${count ? "$count" : action}`);
    if (segment === "$count") {
      if (!at.collection) return fail("$count on something that is not a collection");
      count = true;
    } else if (segment.startsWith("microsoft.graph.")) {
      const target = segment.slice("microsoft.graph.".length);
      if (model.actions.has(target)) {
        action = target;
        continue;
      }
      if (!model.types.has(target) || model.types.get(target)?.kind !== "entity") return fail(`cast to ${target}, which is not an entity type in the metadata`);
      if (!derivesFrom(model, target, at.type)) return fail(`cast to ${target}, which does not derive from ${at.type}`);
      at = { ...at, type: target };
      cast = true;
    } else if (at.collection) {
      at = { type: at.type, collection: false }; // a key
    } else {
      const navigation = findProperty(model, at.type, segment, "navigation");
      if (navigation) {
        const { collection, element } = splitCollection(navigation.type);
        at = { type: unqualified(element), collection, via: segment };
        continue;
      }
      const bound = model.actions.get(segment);
      if (bound && bound.boundTo !== undefined && derivesFrom(model, at.type, bound.boundTo)) {
        action = segment;
        continue;
      }
      return fail(`${at.type} has no navigation property or bound action '${segment}'`);
    }
  }

  if (action) {
    if (request.method !== "POST") problems.push(`${where}: action ${action} must be a POST`);
    checkActionBody(model, action, request.body, where, problems);
  }

  const options = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    if (!SYSTEM_OPTIONS.has(name)) problems.push(`${where}: '${name}' is not an OData system query option Graph supports`);
    else if (options.has(name)) problems.push(`${where}: ${name} is given twice`);
    options.set(name, value);
  }
  const select = options.get("$select");
  if (select !== undefined) {
    if (count) problems.push(`${where}: $select on $count`);
    for (const name of select.split(",").map((s) => s.trim())) {
      if (!findProperty(model, at.type, name) && !findProperty(model, at.type, name, "navigation")) problems.push(`${where}: $select names '${name}', not a property of ${at.type}`);
    }
  }
  const filter = options.get("$filter");
  if (filter !== undefined) for (const problem of filterProblems(model, at.type, filter)) problems.push(`${where}: $filter ${problem}`);
  const countOption = options.get("$count");
  if (countOption !== undefined && countOption !== "true" && countOption !== "false") problems.push(`${where}: $count=${countOption} is not true or false`);
  const top = options.get("$top");
  if (top !== undefined && !(/^\d+$/.test(top) && Number(top) >= 1 && Number(top) <= 999)) problems.push(`${where}: $top=${top} is not 1..999`);

  const priority = request.headers["x-ms-throttle-priority"];
  // concepts/throttling-limits: Low, Normal or High; anything else is read as normal, so a typo silently loses the priority.
  if (priority !== undefined && !/^(?:low|normal|high)$/i.test(priority)) problems.push(`${where}: x-ms-throttle-priority "${priority}" is not low, normal or high`);
  const eventual = (request.headers.consistencylevel ?? "").toLowerCase() === "eventual";
  if (count && !eventual) problems.push(`${where}: /$count without ConsistencyLevel: eventual is 400 in Graph`);
  const memberListing = at.via !== undefined && MEMBER_LISTINGS.has(at.via);
  if (memberListing && !count && (cast || filter !== undefined) && !(eventual && countOption === "true")) {
    problems.push(`${where}: a cast or filter on ${at.via} needs ConsistencyLevel: eventual and $count=true`);
  }
  return problems;
}

/** Property paths a filter names, each checked against the type; lambda variables and functions are skipped. */
function filterProblems(model: GraphModel, type: string, filter: string): string[] {
  const problems: string[] = [];
  const code = filter.replace(/'(?:[^']|'')*'/g, "''");
  const lambdaVariables = new Set([...code.matchAll(/\(\s*([A-Za-z_]\w*)\s*:/g)].map((m) => m[1] as string));
  for (const match of code.matchAll(/[A-Za-z_][\w.]*(?:\/[A-Za-z_]\w*)*(\s*\()?/g)) {
    const [text, call] = [match[0].replace(/\s*\($/, ""), match[1]];
    const [first, second] = text.split("/") as [string, string | undefined];
    if (FILTER_WORDS.has(first.toLowerCase()) || lambdaVariables.has(first)) continue;
    if (call !== undefined && second === undefined) continue; // a function: startswith(…), any(…)
    const property = findProperty(model, type, first);
    if (!property) {
      problems.push(`names '${first}', not a property of ${type}`);
      continue;
    }
    if (second === "any" || second === "all") {
      if (!splitCollection(property.type).collection) problems.push(`applies ${second} to '${first}', which is not a collection`);
    } else if (second !== undefined) {
      problems.push(`walks '${text}', which the check does not model`);
    }
  }
  return problems;
}

function checkActionBody(model: GraphModel, name: string, body: unknown, where: string, problems: string[]): void {
  const action = model.actions.get(name);
  if (!action) return;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    problems.push(`${where}: ${name} needs a JSON object of parameters`);
    return;
  }
  for (const [key, value] of Object.entries(body)) {
    const parameter = action.parameters.get(key);
    if (!parameter) {
      problems.push(`${where}: '${key}' is not a parameter of ${name}`);
      continue;
    }
    checkValue(model, parameter.type, value, parameter.nullable, `${where} body.${key}`, problems);
  }
  for (const [key, parameter] of action.parameters) if (!parameter.nullable && !(key in body)) problems.push(`${where}: ${name} needs '${key}'`);
}
