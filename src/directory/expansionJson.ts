import { boundsFromJson, boundsToJson } from "../core/bounds";
import type { Bounds, ListExpansion, ListSource } from "../core/types";

/**
 * One list's expansion as JSON, for the stores that keep what the verdict reads of a list between
 * events (office/ExpansionCache.ts in `item.sessionData`) and between messages (RememberingDirectory in
 * the client's storage). Open upper bounds are `null` (JSON has no Infinity). Only usable answers are
 * ever written, so `unknown` and `errorCode` have no JSON form: a stored list that claims either is
 * malformed. The reader accepts exactly what the writer writes and nothing else.
 */
export interface ExpansionJson {
  address: string;
  displayName?: string;
  people: { lower: number; upper: number | null };
  external: { lower: number; upper: number | null };
  source: ListSource;
  mayBeStale?: boolean;
  members?: readonly string[];
  knownMembers?: readonly string[];
  unreadable?: number;
  notAList?: boolean;
  asOf?: string;
  externalDomains?: readonly string[];
}

export function expansionToJson(list: ListExpansion): ExpansionJson {
  return {
    address: list.address,
    ...(list.displayName ? { displayName: list.displayName } : {}),
    people: boundsToJson(list.people),
    external: boundsToJson(list.external),
    source: list.source,
    ...(list.mayBeStale ? { mayBeStale: true } : {}),
    ...(list.members ? { members: list.members } : {}),
    ...(list.knownMembers ? { knownMembers: list.knownMembers } : {}),
    ...(list.unreadable !== undefined ? { unreadable: list.unreadable } : {}),
    ...(list.notAList ? { notAList: true } : {}),
    ...(list.asOf !== undefined ? { asOf: list.asOf } : {}),
    ...(list.externalDomains ? { externalDomains: list.externalDomains } : {}),
  };
}

/** Whether an answer may be stored at all: the directory sized it and no failing part stood behind it. */
export function isStorable(list: ListExpansion): boolean {
  return list.source !== "unknown" && list.errorCode === undefined;
}

const SOURCES: ReadonlySet<string> = new Set<ListSource>(["groupCounts", "mailTips", "enumerated", "index"]);

export function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function readBounds(value: unknown): Bounds | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { lower, upper } = value as { lower?: unknown; upper?: unknown };
  if (!isCount(lower) || !(upper === null || (isCount(upper) && upper >= lower))) return undefined;
  return boundsFromJson({ lower, upper });
}

/** A stored list, or `undefined` for anything that is not exactly what {@link expansionToJson} writes. */
export function expansionFromJson(value: unknown): ListExpansion | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  const people = readBounds(raw["people"]);
  const external = readBounds(raw["external"]);
  const address = raw["address"];
  const source = raw["source"];
  if (raw["errorCode"] !== undefined) return undefined;
  if (typeof address !== "string" || address === "" || !people || !external || typeof source !== "string" || !SOURCES.has(source)) return undefined;
  const list: ListExpansion = { address, people, external, source: source as ListSource };
  const displayName = raw["displayName"];
  if (displayName !== undefined) {
    if (typeof displayName !== "string") return undefined;
    list.displayName = displayName;
  }
  if (raw["mayBeStale"] === true) list.mayBeStale = true;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((m) => typeof m === "string");
  for (const key of ["members", "knownMembers", "externalDomains"] as const) {
    const items = raw[key];
    if (items === undefined) continue;
    if (!strings(items)) return undefined;
    list[key] = items;
  }
  const unreadable = raw["unreadable"];
  if (unreadable !== undefined) {
    if (!isCount(unreadable)) return undefined;
    list.unreadable = unreadable;
  }
  if (raw["notAList"] === true) list.notAList = true;
  const asOf = raw["asOf"];
  if (asOf !== undefined) {
    if (typeof asOf !== "string") return undefined;
    list.asOf = asOf;
  }
  return list;
}
