import { boundsFromJson, boundsToJson } from "../core/bounds";
import type { Bounds, ListExpansion, ListSource } from "../core/types";
import type { Mailbox } from "./Mailbox";

/**
 * The prefetch cache in `item.sessionData` (Mailbox 1.11): what OnMessageRecipientsChanged learned
 * about the message's lists, so that OnMessageSend usually needs no Graph request at all.
 *
 * Stored under {@link EXPANSION_KEY} as JSON `{ v: 1, digest, savedAt, lists, originalSender?, senderLookedUp? }`:
 * `digest` is `recipientDigest` of the recipients the lists were learned for; open upper bounds are
 * `null` (JSON has no Infinity). An entry is used only when its digest matches the message now, it is
 * younger than `maxAgeMs`, and every part of it is well-formed; anything else is ignored.
 *
 * Size: sessionData holds at most 50,000 characters per add-in on clients up to Mailbox 1.15, for all
 * keys together, so an entry never exceeds {@link EXPANSION_MAX_CHARS}. Lists the directory could not
 * size are never stored (a later try may succeed). An enumerated list keeps its `members` when they
 * fit — dropping them would silently change the verdict at Send (overlaps and the external domains
 * found inside the list); one that does not fit is left out, so Send asks the directory again.
 */

/** The sessionData key of the prefetch entry. */
export const EXPANSION_KEY = "audienceGuard.expansion";

/** Entries older than this are ignored: ten minutes, like CachingDirectory's TTL. */
export const EXPANSION_MAX_AGE_MS = 10 * 60 * 1000;

/** The most characters one entry may take: 50,000 minus room for the add-in's other keys. */
export const EXPANSION_MAX_CHARS = 40_000;

/** What a prefetch learned about a message. */
export interface Prefetch {
  /** `recipientDigest` of the recipients the lists belong to. */
  digest: string;
  /** When it was saved, ms since the epoch. */
  savedAt: number;
  lists: ListExpansion[];
  /** For a reply: the original sender, when it was found. */
  originalSender?: string;
  /** For a reply: the original-sender lookup ran to its end (found or not), so Send need not repeat it. */
  senderLookedUp?: boolean;
}

export interface ExpansionCacheOptions {
  mailbox: Pick<Mailbox, "getSessionData" | "setSessionData">;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
  /** @default EXPANSION_MAX_AGE_MS */
  maxAgeMs?: number;
  /** @default EXPANSION_MAX_CHARS */
  maxChars?: number;
}

/** Reads and writes the prefetch entry of the current item. Never rejects. */
export class ExpansionCache {
  private readonly mailbox: ExpansionCacheOptions["mailbox"];
  private readonly now: () => number;
  private readonly maxAgeMs: number;
  private readonly maxChars: number;

  constructor(options: ExpansionCacheOptions) {
    this.mailbox = options.mailbox;
    this.now = options.now ?? (() => Date.now());
    this.maxAgeMs = options.maxAgeMs ?? EXPANSION_MAX_AGE_MS;
    this.maxChars = options.maxChars ?? EXPANSION_MAX_CHARS;
  }

  /** The entry for `digest`, or `undefined` when there is none, it is stale, malformed or for other recipients, or sessionData fails. */
  async read(digest: string): Promise<Prefetch | undefined> {
    let text: string | undefined;
    try {
      text = await this.mailbox.getSessionData(EXPANSION_KEY);
    } catch {
      return undefined;
    }
    const entry = text === undefined ? undefined : parsePrefetch(text);
    if (!entry || entry.digest !== digest) return undefined;
    const age = this.now() - entry.savedAt;
    return age >= 0 && age <= this.maxAgeMs ? entry : undefined;
  }

  /** Saves `entry` (trimmed to fit). Resolves `false` when nothing was saved. */
  async write(entry: Prefetch): Promise<boolean> {
    const text = serializePrefetch(entry, this.maxChars);
    if (text === undefined) return false;
    try {
      await this.mailbox.setSessionData(EXPANSION_KEY, text);
      return true;
    } catch {
      return false;
    }
  }
}

interface ListJson {
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

function listToJson(list: ListExpansion): ListJson {
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

/**
 * The entry as JSON of at most `maxChars` characters, or `undefined` when even an entry without lists
 * would not fit. Unknown lists and lists behind a failure are dropped; then enumerated lists, largest first, while it is too long;
 * then the remaining lists from the end.
 */
export function serializePrefetch(entry: Prefetch, maxChars = EXPANSION_MAX_CHARS): string | undefined {
  // Unknown lists, and answers a failing part stood behind (errorCode), are never carried to Send: Send
  // asks again, so a fault's directory-failure reason cannot be lost in the prefetch.
  let lists = entry.lists.filter((l) => l.source !== "unknown" && l.errorCode === undefined);
  const encode = (kept: readonly ListExpansion[]): string =>
    JSON.stringify({
      v: 1,
      digest: entry.digest,
      savedAt: entry.savedAt,
      lists: kept.map(listToJson),
      ...(entry.originalSender ? { originalSender: entry.originalSender } : {}),
      ...(entry.senderLookedUp ? { senderLookedUp: true } : {}),
    });
  let text = encode(lists);
  while (text.length > maxChars) {
    const enumerated = lists.filter((l) => l.members !== undefined);
    const drop = enumerated.length > 0 ? enumerated.reduce((a, b) => ((b.members?.length ?? 0) > (a.members?.length ?? 0) ? b : a)) : lists[lists.length - 1];
    if (drop === undefined) return undefined;
    lists = lists.filter((l) => l !== drop);
    text = encode(lists);
  }
  return text;
}

const SOURCES: ReadonlySet<string> = new Set<ListSource>(["groupCounts", "mailTips", "enumerated", "index"]);

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function readBounds(value: unknown): Bounds | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { lower, upper } = value as { lower?: unknown; upper?: unknown };
  if (!isCount(lower) || !(upper === null || (isCount(upper) && upper >= lower))) return undefined;
  return boundsFromJson({ lower, upper });
}

function readList(value: unknown): ListExpansion | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  const people = readBounds(raw["people"]);
  const external = readBounds(raw["external"]);
  const address = raw["address"];
  const source = raw["source"];
  if (typeof address !== "string" || address === "" || !people || !external || typeof source !== "string" || !SOURCES.has(source)) return undefined;
  const list: ListExpansion = { address, people, external, source: source as ListSource };
  const displayName = raw["displayName"];
  if (displayName !== undefined) {
    if (typeof displayName !== "string") return undefined;
    list.displayName = displayName;
  }
  if (raw["mayBeStale"] === true) list.mayBeStale = true;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((m) => typeof m === "string");
  const members = raw["members"];
  if (members !== undefined) {
    if (!strings(members)) return undefined;
    list.members = members;
  }
  const knownMembers = raw["knownMembers"];
  if (knownMembers !== undefined) {
    if (!strings(knownMembers)) return undefined;
    list.knownMembers = knownMembers;
  }
  const externalDomains = raw["externalDomains"];
  if (externalDomains !== undefined) {
    if (!strings(externalDomains)) return undefined;
    list.externalDomains = externalDomains;
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

/** Parses a stored entry; `undefined` for anything that is not exactly a version-1 entry. */
export function parsePrefetch(text: string): Prefetch | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const { v, digest, savedAt, lists, originalSender, senderLookedUp } = raw as Record<string, unknown>;
  if (v !== 1 || typeof digest !== "string" || !isCount(savedAt) || !Array.isArray(lists)) return undefined;
  const parsed: ListExpansion[] = [];
  for (const item of lists) {
    const list = readList(item);
    if (!list) return undefined;
    parsed.push(list);
  }
  const entry: Prefetch = { digest, savedAt, lists: parsed };
  if (originalSender !== undefined) {
    if (typeof originalSender !== "string") return undefined;
    entry.originalSender = originalSender;
  }
  if (senderLookedUp === true) entry.senderLookedUp = true;
  return entry;
}
