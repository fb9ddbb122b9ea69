import type { ListExpansion } from "../core/types";
import { expansionFromJson, expansionToJson, isCount, isStorable } from "../directory/expansionJson";
import type { Mailbox } from "./Mailbox";

/**
 * The prefetch cache in `item.sessionData` (Mailbox 1.11): what OnMessageRecipientsChanged learned
 * about the message's lists, so that OnMessageSend usually needs no Graph request at all.
 *
 * Stored under {@link EXPANSION_KEY} as JSON `{ v: 1, digest, savedAt, lists, originalSender?, senderLookedUp? }`:
 * `digest` is `recipientDigest` of the recipients the entry was last saved for; each list is
 * directory/expansionJson.ts's form, with its own `savedAt` when it was learned before the entry's.
 * Lists are kept by address: a list is reused whatever else the recipients hold, as long as it is
 * younger than `maxAgeMs` — so a recipients change, even in a fresh runtime, asks only for the lists
 * not known yet. The original sender travels only with the same recipients (`read`). Anything
 * malformed is ignored.
 *
 * Size: sessionData holds at most 50,000 characters per add-in on clients up to Mailbox 1.15, for all
 * keys together, so an entry never exceeds {@link EXPANSION_MAX_CHARS}. Lists the directory could not
 * size are never stored (a later try may succeed). An enumerated list keeps its `members` when they
 * fit — dropping them would silently change the verdict at Send (overlaps and the external domains
 * found inside the list); one that does not fit is left out, so Send asks the directory again.
 */

/** The sessionData key of the prefetch entry. */
export const EXPANSION_KEY = "audienceGuard.expansion";

/** Lists older than this are ignored: ten minutes, like CachingDirectory's TTL. */
export const EXPANSION_MAX_AGE_MS = 10 * 60 * 1000;

/** The most characters one entry may take: 50,000 minus room for the add-in's other keys. */
export const EXPANSION_MAX_CHARS = 40_000;

/** What a prefetch learned about a message. */
export interface Prefetch {
  /** `recipientDigest` of the recipients the entry was saved for. */
  digest: string;
  /** When it was saved, ms since the epoch. */
  savedAt: number;
  /** The lists of the message the entry was saved for. */
  lists: ListExpansion[];
  /**
   * Lists learned earlier that the message no longer names (they may come back): stored after
   * `lists` and the first left out when the entry would not fit. Read back into `lists`.
   */
  held?: ListExpansion[];
  /** When each list was learned, by address, where earlier than `savedAt`. */
  learnedAt?: Readonly<Record<string, number>>;
  /** For a reply: the original sender, when it was found. */
  originalSender?: string;
  /** For a reply: the original-sender lookup ran to its end (found or not), so Send need not repeat it. */
  senderLookedUp?: boolean;
}

/** What the entry holds for a message now. */
export interface PrefetchRead {
  /** The entry, when it was saved for these same recipients and its own save is fresh. */
  same?: Prefetch;
  /** Every fresh list of the entry, whatever recipients it was saved for. */
  lists: ListExpansion[];
  /** When each of `lists` was learned, by address. */
  learnedAt: Record<string, number>;
}

/**
 * The lists to save after a check: the ones it used (the message's), and those the entry already
 * held that the message no longer names; each keeps when it was learned.
 */
export function carryLists(held: PrefetchRead, used: readonly ListExpansion[]): Pick<Prefetch, "lists" | "held" | "learnedAt"> {
  const current = new Set(used.map((l) => l.address));
  return { lists: used.slice(), held: held.lists.filter((l) => !current.has(l.address)), learnedAt: held.learnedAt };
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

  /** The entry for `digest` with its fresh lists only, or `undefined` when there is none, it is stale, malformed or for other recipients, or sessionData fails. */
  async read(digest: string): Promise<Prefetch | undefined> {
    return (await this.readFor(digest)).same;
  }

  /** The entry as it serves a message whose recipients have `digest`. Never rejects. */
  async readFor(digest: string): Promise<PrefetchRead> {
    let text: string | undefined;
    try {
      text = await this.mailbox.getSessionData(EXPANSION_KEY);
    } catch {
      return { lists: [], learnedAt: {} };
    }
    const entry = text === undefined ? undefined : parsePrefetch(text);
    if (!entry) return { lists: [], learnedAt: {} };
    const now = this.now();
    const fresh = (at: number): boolean => now - at >= 0 && now - at <= this.maxAgeMs;
    const learnedAt: Record<string, number> = {};
    const lists = entry.lists.filter((l) => {
      const at = entry.learnedAt?.[l.address] ?? entry.savedAt;
      if (!fresh(at)) return false;
      learnedAt[l.address] = at;
      return true;
    });
    const same = entry.digest === digest && fresh(entry.savedAt) ? { ...entry, lists } : undefined;
    return { ...(same ? { same } : {}), lists, learnedAt };
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

/**
 * The entry as JSON of at most `maxChars` characters, or `undefined` when even an entry without lists
 * would not fit. Unknown lists and lists behind a failure are dropped; while it is too long, the
 * `held` lists from the end, then enumerated lists, largest first, then the remaining lists from the end.
 */
export function serializePrefetch(entry: Prefetch, maxChars = EXPANSION_MAX_CHARS): string | undefined {
  // Unknown lists, and answers a failing part stood behind (errorCode), are never carried to Send: Send
  // asks again, so a fault's directory-failure reason cannot be lost in the prefetch.
  const seen = new Set<string>();
  const keep = (l: ListExpansion): boolean => {
    if (!isStorable(l) || seen.has(l.address)) return false;
    seen.add(l.address);
    return true;
  };
  let lists = entry.lists.filter(keep);
  let held = (entry.held ?? []).filter(keep);
  const encode = (kept: readonly ListExpansion[]): string =>
    JSON.stringify({
      v: 1,
      digest: entry.digest,
      savedAt: entry.savedAt,
      lists: [...kept, ...held].map((l) => {
        const at = entry.learnedAt?.[l.address];
        return { ...expansionToJson(l), ...(at !== undefined && at < entry.savedAt ? { savedAt: at } : {}) };
      }),
      ...(entry.originalSender ? { originalSender: entry.originalSender } : {}),
      ...(entry.senderLookedUp ? { senderLookedUp: true } : {}),
    });
  let text = encode(lists);
  while (text.length > maxChars && held.length > 0) {
    held = held.slice(0, -1);
    text = encode(lists);
  }
  while (text.length > maxChars) {
    const enumerated = lists.filter((l) => l.members !== undefined);
    const drop = enumerated.length > 0 ? enumerated.reduce((a, b) => ((b.members?.length ?? 0) > (a.members?.length ?? 0) ? b : a)) : lists[lists.length - 1];
    if (drop === undefined) return undefined;
    lists = lists.filter((l) => l !== drop);
    text = encode(lists);
  }
  return text;
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
  const learnedAt: Record<string, number> = {};
  for (const item of lists) {
    const list = expansionFromJson(item);
    if (!list) return undefined;
    const at = (item as { savedAt?: unknown }).savedAt;
    if (at !== undefined) {
      if (!isCount(at) || at > savedAt) return undefined;
      learnedAt[list.address] = at;
    }
    parsed.push(list);
  }
  const entry: Prefetch = { digest, savedAt, lists: parsed };
  if (Object.keys(learnedAt).length > 0) entry.learnedAt = learnedAt;
  if (originalSender !== undefined) {
    if (typeof originalSender !== "string") return undefined;
    entry.originalSender = originalSender;
  }
  if (senderLookedUp === true) entry.senderLookedUp = true;
  return entry;
}
