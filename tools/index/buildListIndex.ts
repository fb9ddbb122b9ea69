import { randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ListExpansion } from "../../src/core/types";
import type { TokenProvider } from "../../src/directory/Directory";
import { GraphClient } from "../../src/directory/GraphClient";
import { GraphDirectory } from "../../src/directory/GraphDirectory";
import { readMemberPage } from "../../src/directory/graphBodies";
import {
  INDEX_FORMAT,
  INDEX_MANIFEST_FILE,
  INDEX_VERSION,
  LIST_FILE_FOLDER,
  listFileKey,
  listFilePath,
  normalizeListAddress,
  serializeEntry,
  type IndexEntry,
  type IndexManifest,
} from "../../src/directory/listIndex/listIndexFormat";
import { abortableSleep, resolveRetryPolicy, type Sleep } from "../../src/directory/retry";

/**
 * The tenant list index job (docs/deploying.md, "The tenant list index"): reads every mail-enabled
 * group through Microsoft Graph with application permissions, counts its people with the add-in's
 * own Graph adapter (GraphDirectory, so the numbers mean exactly what a Send would have learned),
 * and writes the static files the add-in reads (src/directory/listIndex/listIndexFormat.ts).
 *
 * The first run reads every group through `GET /groups/delta` and keeps the `@odata.deltaLink` in a
 * state file beside (never inside) the published folder; later runs follow that link and recount only
 * the groups that changed, the groups that contain them at any depth, and lists not recounted for
 * `refreshAfterHours` (a user turning from guest to member changes counts without changing a group).
 * An expired delta link starts a full run. Throttling (429 with `Retry-After`, readable on a
 * server) is waited out; lists whose counts still fail keep their previous entry, which ages out
 * on the add-in's side by the policy's `maxAgeHours`.
 */

export interface BuildListIndexOptions {
  /** Graph version root, e.g. "https://graph.microsoft.com/v1.0". */
  graphBaseUrl: string;
  /** App-only tokens (MsalAppTokenProvider), or a static token against the fake Graph server. */
  tokenProvider: TokenProvider;
  /** Folder the files are published from. */
  outDir: string;
  /** The job's memory between runs (delta link, nesting, list addresses): private, never published. */
  statePath: string;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
  /** @default a real sleep */
  sleep?: Sleep;
  /** One line of progress (stderr for the CLI). */
  progress?: (line: string) => void;
  /** Recount lists older than this even when unchanged. @default 24 */
  refreshAfterHours?: number;
  /** Ignore the state and read everything again (a new salt renames every file). @default false */
  full?: boolean;
}

export interface BuildSummary {
  /** Lists in the index (mail-enabled groups with an address). */
  lists: number;
  /** Files published: the manifest, one per list address, decoys. */
  files: number;
  bytes: number;
  /** Lists whose counts were read in this run. */
  recounted: number;
  /** Lists whose counts could not be read in this run (their previous entry, if any, is kept). */
  failed: number;
  /** Whether this run read every group (first run, `full`, or an expired delta link). */
  fullRun: boolean;
  /** HTTP requests the job sent to Graph (a `$batch` counts once). */
  graphRequests: number;
  /** Resource units Graph reported in `x-ms-resource-unit` (a batch's parts included). */
  graphResourceUnits: number;
  elapsedMs: number;
}

const STATE_VERSION = 1;
/** Lists counted per GraphDirectory call: one lookup batch and three count batches of 20. */
const COUNT_CHUNK = 20;
/** Count calls in flight at once; each is four batches, so this bounds the job's burst. */
const COUNT_CONCURRENCY = 2;
/** Files are padded with decoys to a power of two, at least this many. */
const MIN_FILES = 64;
const DELTA_SELECT = "id,displayName,mail,mailEnabled,proxyAddresses,members";
const COUNT_HEADERS = { ConsistencyLevel: "eventual" };

interface GroupState {
  mail: string | null;
  mailEnabled: boolean;
  displayName?: string;
  /** Lower-case alias addresses (proxyAddresses other than the primary). */
  aliases: string[];
  /** Ids of groups that are direct members. */
  children: string[];
  entry?: IndexEntry;
}

interface JobState {
  version: typeof STATE_VERSION;
  salt: string;
  deltaLink: string | null;
  groups: Record<string, GroupState>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function loadState(path: string): Promise<JobState | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  const value = JSON.parse(text) as unknown;
  if (!isRecord(value) || value.version !== STATE_VERSION || typeof value.salt !== "string" || !isRecord(value.groups)) {
    throw new Error(`${path}: not a list index state file (remove it, or pass --full, to start over)`);
  }
  return value as unknown as JobState;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/** Graph's `@removed` marker on a delta item. */
function isRemoved(item: Record<string, unknown>): boolean {
  return isRecord(item["@removed"]);
}

function aliasesOf(proxyAddresses: unknown, mail: string | null): string[] {
  if (!Array.isArray(proxyAddresses)) return [];
  const primary = mail === null ? undefined : normalizeListAddress(mail);
  const out = new Set<string>();
  for (const p of proxyAddresses) {
    if (typeof p !== "string" || !/^smtp:/i.test(p)) continue;
    const address = normalizeListAddress(p.slice(5));
    if (address !== primary && address.includes("@")) out.add(address);
  }
  return [...out].sort();
}

/** Wraps fetch to count requests and the resource units Graph reports for them and their batch parts. */
function meteredFetch(inner: typeof fetch, meter: { requests: number; units: number }): typeof fetch {
  return async (input, init) => {
    meter.requests += 1;
    const response = await inner(input, init);
    const units = Number(response.headers.get("x-ms-resource-unit"));
    if (Number.isFinite(units) && units > 0) meter.units += units;
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (/\/\$batch$/.test(url) && response.ok) {
      const body = (await response.clone().json()) as unknown;
      const parts = isRecord(body) && Array.isArray(body.responses) ? (body.responses as unknown[]) : [];
      for (const part of parts) {
        const headers = isRecord(part) && isRecord(part.headers) ? part.headers : {};
        const unit = Object.keys(headers).find((name) => name.toLowerCase() === "x-ms-resource-unit");
        const value = unit === undefined ? NaN : Number(headers[unit]);
        if (Number.isFinite(value) && value > 0) meter.units += value;
      }
    }
    return response;
  };
}

/** Runs the job once; rejects when Graph cannot be read at all (the published files are left as they were). */
export async function buildListIndex(options: BuildListIndexOptions): Promise<BuildSummary> {
  const now = options.now ?? (() => Date.now());
  const started = now();
  const progress = options.progress ?? (() => undefined);
  const meter = { requests: 0, units: 0 };
  const baseFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const fetchImpl = meteredFetch(baseFetch, meter);
  const innerSleep = options.sleep ?? abortableSleep;
  // On a server Retry-After is readable: wait as long as Graph asks, and say so.
  const sleep: Sleep = (ms, signal) => {
    if (ms >= 1000) progress(`throttled or unavailable: waiting ${Math.round(ms / 1000)} s before retrying`);
    return innerSleep(ms, signal);
  };
  const retry = { attempts: 8, baseDelayMs: 500, maxDelayMs: 120_000 };
  const client = new GraphClient({ baseUrl: options.graphBaseUrl, fetch: fetchImpl, retry: resolveRetryPolicy(retry, Math.random, sleep), now });
  const directory = new GraphDirectory({
    baseUrl: options.graphBaseUrl,
    tokenProvider: options.tokenProvider,
    fetch: fetchImpl,
    mailTips: false,
    groupCounts: true,
    retry,
    sleep,
    now,
    scopes: { groups: ["https://graph.microsoft.com/.default"] },
  });
  const token = (): Promise<string> => options.tokenProvider.getToken(["https://graph.microsoft.com/.default"]);

  const previous = options.full ? undefined : await loadState(options.statePath);
  const state: JobState = previous ?? { version: STATE_VERSION, salt: randomBytes(18).toString("base64url"), deltaLink: null, groups: {} };

  // 1. The delta round: every group the first time, the changes since afterwards.
  const touched = new Set<string>();
  const removed = new Set<string>();
  let fullRun = state.deltaLink === null;
  const readRound = async (start: string): Promise<string> => {
    let url = start;
    for (let page = 1; ; page++) {
      if (!client.isOwnUrl(url)) throw new Error("A delta link left Graph's origin.");
      const body = await client.getJson(url, await token(), undefined, "groupsDelta");
      if (!isRecord(body) || !Array.isArray(body.value)) throw new Error("Unreadable /groups/delta response.");
      for (const raw of body.value as unknown[]) {
        if (!isRecord(raw) || typeof raw.id !== "string") continue;
        const id = raw.id;
        if (isRemoved(raw)) {
          removed.add(id);
          continue;
        }
        removed.delete(id);
        const known = state.groups[id];
        const mail = typeof raw.mail === "string" && raw.mail.trim() !== "" ? normalizeListAddress(raw.mail) : null;
        const group: GroupState = {
          ...(known ?? { children: [] }),
          mail,
          mailEnabled: raw.mailEnabled === true,
          aliases: aliasesOf(raw.proxyAddresses, mail),
        };
        if (typeof raw.displayName === "string") group.displayName = raw.displayName;
        const delta = raw["members@delta"];
        if (Array.isArray(delta)) {
          // The same group may come back on later pages with more members: merge, never replace.
          const children = new Set(touched.has(id) || known ? group.children : []);
          for (const member of delta as unknown[]) {
            if (!isRecord(member) || typeof member.id !== "string") continue;
            if (isRemoved(member)) children.delete(member.id);
            else if (member["@odata.type"] === "#microsoft.graph.group") children.add(member.id);
          }
          group.children = [...children];
        }
        state.groups[id] = group;
        touched.add(id);
      }
      if (page % 10 === 0) progress(`groups delta: ${page} pages, ${touched.size} groups`);
      const next = body["@odata.nextLink"];
      const done = body["@odata.deltaLink"];
      if (typeof next === "string") url = next;
      else if (typeof done === "string") return done;
      else throw new Error("A /groups/delta page had neither a nextLink nor a deltaLink.");
    }
  };
  const initial = client.url(`/groups/delta?$select=${DELTA_SELECT}`);
  try {
    state.deltaLink = await readRound(state.deltaLink ?? initial);
  } catch (error) {
    if (fullRun) throw error;
    // An expired or refused delta link: Graph wants a full synchronization again.
    progress("the delta link was refused; reading every group again");
    fullRun = true;
    touched.clear();
    removed.clear();
    state.groups = {};
    state.deltaLink = await readRound(initial);
  }
  for (const id of removed) delete state.groups[id];

  // 2. What to recount: changed groups and every group containing them, plus entries past refresh.
  const parents = new Map<string, string[]>();
  for (const [id, group] of Object.entries(state.groups)) {
    for (const child of group.children) parents.set(child, [...(parents.get(child) ?? []), id]);
  }
  const dirty = new Set<string>();
  const queue = [...touched, ...removed];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (dirty.has(id)) continue;
    dirty.add(id);
    for (const parent of parents.get(id) ?? []) queue.push(parent);
  }
  const refreshMs = (options.refreshAfterHours ?? 24) * 3_600_000;
  const lists = Object.entries(state.groups).filter(([, g]) => g.mailEnabled && g.mail !== null);
  const recount = lists.filter(([id, g]) => fullRun || dirty.has(id) || !g.entry || now() - Date.parse(g.entry.asOf) > refreshMs);
  progress(`${lists.length} lists, ${recount.length} to count${fullRun ? " (full run)" : ""}`);

  // 3. Counts through the add-in's adapter; external domains from the guests' and contacts' addresses.
  let failed = 0;
  let done = 0;
  const chunks: (typeof recount)[] = [];
  for (let i = 0; i < recount.length; i += COUNT_CHUNK) chunks.push(recount.slice(i, i + COUNT_CHUNK));
  const work = async (): Promise<void> => {
    for (let chunk = chunks.shift(); chunk !== undefined; chunk = chunks.shift()) {
      const asOf = new Date(now()).toISOString();
      let expansions: ListExpansion[];
      try {
        expansions = await directory.expandLists(chunk.map(([, g]) => g.mail as string));
      } catch {
        failed += chunk.length;
        continue;
      }
      for (const [index, [id, group]] of chunk.entries()) {
        const expansion = expansions[index];
        // Only what the directory counted exactly, with nothing failing beside it: a list sized by mail
        // tips, or with a part that failed, is left to Graph at Send time rather than published.
        const counted = expansion !== undefined && (expansion.source === "groupCounts" || expansion.source === "enumerated") && expansion.errorCode === undefined;
        if (!expansion || !counted || expansion.people.lower !== expansion.people.upper || !Number.isFinite(expansion.external.upper)) {
          failed += 1;
          continue;
        }
        const domains = expansion.external.lower > 0 ? await externalDomains(client, id, await token()) : [];
        if (domains === undefined) {
          failed += 1;
          continue;
        }
        const entry: IndexEntry = { v: INDEX_VERSION, people: expansion.people.lower, external: expansion.external.lower, externalDomains: domains, basis: "groupCounts", asOf };
        if (expansion.external.upper !== expansion.external.lower) entry.externalUpper = expansion.external.upper;
        group.entry = entry;
      }
      done += chunk.length;
      progress(`counted ${done}/${recount.length} lists`);
    }
  };
  await Promise.all(Array.from({ length: COUNT_CONCURRENCY }, work));

  // 4. Publish: list files for every address, decoys, then the manifest; stale files removed.
  const files = new Map<string, string>();
  let indexed = 0;
  for (const [, group] of lists) {
    if (!group.entry) continue;
    indexed += 1;
    const text = serializeEntry(group.entry);
    for (const address of [group.mail as string, ...group.aliases]) files.set(listFilePath(listFileKey(state.salt, address)), text);
  }
  const target = Math.max(MIN_FILES, 2 ** Math.ceil(Math.log2(files.size + 2))) - 1;
  const builtAt = new Date(now()).toISOString();
  for (let i = 0; files.size < target; i++) files.set(listFilePath(listFileKey(state.salt, `decoy:${i}`)), decoyText(state.salt, i, builtAt));
  let bytes = 0;
  for (const [path, text] of files) {
    await writeAtomically(join(options.outDir, path), text);
    bytes += Buffer.byteLength(text);
  }
  const existing = await readdir(join(options.outDir, LIST_FILE_FOLDER)).catch(() => [] as string[]);
  for (const name of existing) if (!files.has(`${LIST_FILE_FOLDER}${name}`)) await rm(join(options.outDir, LIST_FILE_FOLDER, name), { force: true });
  const manifest: IndexManifest = { format: INDEX_FORMAT, version: INDEX_VERSION, builtAt, salt: state.salt };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeAtomically(join(options.outDir, INDEX_MANIFEST_FILE), manifestText);
  bytes += Buffer.byteLength(manifestText);
  await writeAtomically(options.statePath, JSON.stringify(state));

  return {
    lists: indexed,
    files: files.size + 1,
    bytes,
    recounted: recount.length - failed,
    failed,
    fullRun,
    graphRequests: meter.requests,
    graphResourceUnits: meter.units,
    elapsedMs: now() - started,
  };
}

/** Lower-case domains of a group's guests and contacts, read page by page; undefined when unreadable. */
async function externalDomains(client: GraphClient, groupId: string, token: string): Promise<string[] | undefined> {
  const base = `/groups/${encodeURIComponent(groupId)}/transitiveMembers`;
  const guestFilter = encodeURIComponent("userType eq 'Guest'");
  const starts = [`${base}/microsoft.graph.user?$filter=${guestFilter}&$count=true&$select=mail&$top=999`, `${base}/microsoft.graph.orgContact?$count=true&$select=mail&$top=999`];
  const domains = new Set<string>();
  try {
    for (const start of starts) {
      let url: string | undefined = client.url(start);
      while (url !== undefined) {
        if (!client.isOwnUrl(url)) return undefined;
        const page = readMemberPage(await client.getJson(url, token, undefined, "externalDomains", COUNT_HEADERS));
        if (page === undefined) return undefined;
        for (const member of page.members) {
          // An outsider whose address Graph withholds (limited information without User.ReadBasic.All
          // or OrgContact.Read.All): the domains would be incomplete, so the list is not published.
          const at = member.mail?.lastIndexOf("@") ?? -1;
          if (member.mail === undefined || at <= 0) return undefined;
          domains.add(member.mail.slice(at + 1));
        }
        url = page.nextLink;
      }
    }
  } catch {
    return undefined;
  }
  return [...domains].sort();
}

/**
 * A decoy list file, shaped like a real one and dated like this run's, with a size derived from its
 * name. Its key is the HMAC of a string without "@", which no list address can equal.
 */
function decoyText(salt: string, i: number, asOf: string): string {
  const seed = parseInt(listFileKey(salt, `decoy-size:${i}`).slice(0, 8), 16);
  const people = 2 + (seed % 5000);
  return serializeEntry({ v: INDEX_VERSION, people, external: 0, externalDomains: [], basis: "groupCounts", asOf });
}
