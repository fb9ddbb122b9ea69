import { createGuardError } from "../../src/core/errors";
import type { ListExpansion } from "../../src/core/types";
import type { Directory, DirectoryCallOptions, ListMembers } from "../../src/directory/Directory";
import {
  DEFAULT_LIST_CACHE_ENTRIES,
  RememberingDirectory,
  listSizeKey,
  parseListSizes,
  withListCache,
  type ListSizeStore,
} from "../../src/directory/RememberingDirectory";
import { counted } from "../fixtures/builders";

const HOUR = 3_600_000;
const ALL = "all@contoso.com";
const SALES = "sales@contoso.com";
/** The tests' clock starts here; stored entries learned an hour before it are fresh. */
const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const FRESH = START - HOUR;

/** A Directory double answering from a table (unknown otherwise), recording every call. */
class TableDirectory implements Directory {
  readonly calls: string[][] = [];
  failWith?: Error;

  constructor(readonly lists: Record<string, ListExpansion> = {}) {}

  expandLists(addresses: readonly string[], _options: DirectoryCallOptions = {}): Promise<ListExpansion[]> {
    this.calls.push(addresses.slice());
    if (this.failWith) return Promise.reject(this.failWith);
    return Promise.resolve(
      addresses.map((address) => this.lists[address] ?? { address, people: { lower: 0, upper: Infinity }, external: { lower: 0, upper: Infinity }, source: "unknown", errorCode: "graph_not_found" }),
    );
  }

  listMembers(_address: string, _options: DirectoryCallOptions & { budget: number }): Promise<ListMembers> {
    return Promise.reject(createGuardError("graph_not_found"));
  }
}

/** The client's storage: one string, as OfficeRuntime.storage keeps it; can fail or hold anything. */
class MemoryStore implements ListSizeStore {
  text: string | undefined;
  saves = 0;
  loadFails = false;

  constructor(text?: string) {
    this.text = text;
  }

  load(): Promise<string | undefined> {
    return this.loadFails ? Promise.reject(new Error("storage unavailable")) : Promise.resolve(this.text);
  }

  save(text: string): Promise<void> {
    this.saves += 1;
    this.text = text;
    return Promise.resolve();
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function setup(options: { ttlHours?: number; store?: MemoryStore; lists?: Record<string, ListExpansion>; maxEntries?: number; maxChars?: number; countsOutsiders?: boolean } = {}) {
  const inner = new TableDirectory(options.lists ?? { [ALL]: counted(ALL, 840, 2, "All staff"), [SALES]: counted(SALES, 40) });
  const store = options.store ?? new MemoryStore();
  let clock = START;
  const runtime = (): RememberingDirectory =>
    new RememberingDirectory({
      directory: inner,
      store,
      ttlMs: (options.ttlHours ?? 24) * HOUR,
      now: () => clock,
      ...(options.maxEntries !== undefined ? { maxEntries: options.maxEntries } : {}),
      ...(options.maxChars !== undefined ? { maxChars: options.maxChars } : {}),
      ...(options.countsOutsiders !== undefined ? { countsOutsiders: options.countsOutsiders } : {}),
    });
  return { inner, store, runtime, now: () => clock, advance: (ms: number) => (clock += ms) };
}

describe("RememberingDirectory", () => {
  it("answers a list learned within the TTL without asking, saying when it was learned, across a restart", async () => {
    const { inner, runtime, advance, now } = setup();
    const learnedAt = now();
    const first = await runtime().expandLists([ALL]);
    expect(first[0]).toEqual(counted(ALL, 840, 2, "All staff"));
    expect(first[0]?.asOf).toBeUndefined();
    await flush();

    advance(23 * HOUR);
    // A new instance over the same storage: Outlook was restarted, or classic started a runtime for the event.
    const again = await runtime().expandLists([ALL.toUpperCase()]);
    expect(inner.calls).toEqual([[ALL]]);
    expect(again[0]).toEqual({ ...counted(ALL, 840, 2, "All staff"), asOf: new Date(learnedAt).toISOString() });
  });

  it("asks again once the TTL has passed, and for a size learned in the future (a clock set back)", async () => {
    const { inner, runtime, advance } = setup({ ttlHours: 1 });
    await runtime().expandLists([ALL]);
    await flush();
    advance(HOUR);
    await runtime().expandLists([ALL]);
    await flush();
    advance(-2 * HOUR);
    await runtime().expandLists([ALL]);
    expect(inner.calls).toEqual([[ALL], [ALL], [ALL]]);
  });

  it("asks only for the lists it does not know, once each, and keeps the caller's order", async () => {
    const { inner, runtime } = setup();
    const directory = runtime();
    await directory.expandLists([ALL]);
    const lists = await directory.expandLists([SALES, ALL, SALES]);
    expect(inner.calls).toEqual([[ALL], [SALES]]);
    expect(lists.map((l) => [l.address, l.people.lower])).toEqual([
      [SALES, 40],
      [ALL, 840],
      [SALES, 40],
    ]);
  });

  it("never remembers a failure: a rejection, an unknown list, an answer behind a failing part, the index's own answers", async () => {
    const behindFault: ListExpansion = { ...counted(SALES, 40), people: { lower: 40, upper: Infinity }, errorCode: "graph_throttled" };
    const indexed: ListExpansion = { ...counted("hr@contoso.com", 12), source: "index", asOf: "2026-01-01T00:00:00.000Z" };
    const { inner, runtime, store } = setup({ lists: { [SALES]: behindFault, "hr@contoso.com": indexed } });
    inner.failWith = createGuardError("graph_unavailable");
    await expect(runtime().expandLists([ALL])).rejects.toMatchObject({ code: "graph_unavailable" });
    delete inner.failWith;
    await runtime().expandLists(["gone@contoso.com", SALES, "hr@contoso.com"]);
    await flush();
    await runtime().expandLists(["gone@contoso.com", SALES, "hr@contoso.com"]);
    expect(inner.calls).toHaveLength(3);
    expect(store.saves).toBe(0);
  });

  it("keys the record by a hash, so it does not spell out which lists the person writes to", async () => {
    const { runtime, store } = setup();
    await runtime().expandLists([ALL]);
    await flush();
    expect(store.text).toBeDefined();
    expect(store.text).not.toContain(ALL);
    expect(Object.keys((JSON.parse(store.text ?? "{}") as { lists: object }).lists)).toEqual([listSizeKey(ALL)]);
    expect(listSizeKey(` ${ALL.toUpperCase()} `)).toBe(listSizeKey(ALL));
  });

  it.each([
    ["not JSON", "{"],
    ["another version", JSON.stringify({ v: 2, lists: {} })],
    ["lists that are an array", JSON.stringify({ v: 1, lists: [] })],
    ["an entry without a time", JSON.stringify({ v: 1, lists: { [listSizeKey(ALL)]: { list: { people: { lower: 1, upper: 1 }, external: { lower: 0, upper: 0 }, source: "groupCounts" } } } })],
    ["an entry with negative counts", JSON.stringify({ v: 1, lists: { [listSizeKey(ALL)]: { at: FRESH, list: { people: { lower: -1, upper: 1 }, external: { lower: 0, upper: 0 }, source: "groupCounts" } } } })],
    ["an unknown list", JSON.stringify({ v: 1, lists: { [listSizeKey(ALL)]: { at: FRESH, list: { people: { lower: 0, upper: null }, external: { lower: 0, upper: null }, source: "unknown" } } } })],
    ["an answer behind a fault", JSON.stringify({ v: 1, lists: { [listSizeKey(ALL)]: { at: FRESH, list: { people: { lower: 3, upper: 3 }, external: { lower: 0, upper: 0 }, source: "groupCounts", errorCode: "graph_throttled" } } } })],
    ["an entry from a later version", JSON.stringify({ v: 1, lists: { [listSizeKey(ALL)]: { at: FRESH, partial: "yes", list: { people: { lower: 3, upper: 3 }, external: { lower: 0, upper: 0 }, source: "groupCounts" } } } })],
  ])("ignores stored %s and asks the directory, never throwing", async (_what, text) => {
    const store = new MemoryStore(text);
    const { inner, runtime } = setup({ store });
    const lists = await runtime().expandLists([ALL]);
    expect(inner.calls).toEqual([[ALL]]);
    expect(lists[0]?.people.lower).toBe(840);
  });

  it("answers from a well-formed stored entry (the cases above differ from it in one part each)", async () => {
    const text = JSON.stringify({ v: 1, lists: { [listSizeKey(ALL)]: { at: FRESH, list: { people: { lower: 3, upper: 3 }, external: { lower: 0, upper: 0 }, source: "groupCounts" } } } });
    const { inner, runtime } = setup({ store: new MemoryStore(text) });
    const lists = await runtime().expandLists([ALL]);
    expect(inner.calls).toEqual([]);
    expect(lists[0]).toMatchObject({ address: ALL, people: { lower: 3, upper: 3 }, asOf: new Date(FRESH).toISOString() });
  });

  it("keeps the well-formed entries of a record beside malformed ones", () => {
    const good = { at: 5, list: { people: { lower: 3, upper: 3 }, external: { lower: 0, upper: 0 }, source: "groupCounts" } };
    const text = JSON.stringify({ v: 1, lists: { [listSizeKey(ALL)]: good, [listSizeKey(SALES)]: { at: "yesterday", list: good.list }, "not-a-key": good } });
    expect([...parseListSizes(text).keys()]).toEqual([listSizeKey(ALL)]);
  });

  it("works on its memory when the storage fails", async () => {
    const store = new MemoryStore();
    store.loadFails = true;
    const { inner, runtime } = setup({ store });
    const directory = runtime();
    await directory.expandLists([ALL]);
    await directory.expandLists([ALL]);
    expect(inner.calls).toEqual([[ALL]]);
  });

  it("holds at most maxEntries lists, the oldest going first", async () => {
    const lists = Object.fromEntries(["a", "b", "c"].map((n) => [`${n}@contoso.com`, counted(`${n}@contoso.com`, 5)]));
    const { inner, runtime, advance } = setup({ lists, maxEntries: 2 });
    for (const n of ["a", "b", "c"]) {
      await runtime().expandLists([`${n}@contoso.com`]);
      await flush();
      advance(60_000);
    }
    inner.calls.splice(0);
    await runtime().expandLists(["a@contoso.com", "b@contoso.com", "c@contoso.com"]);
    expect(inner.calls).toEqual([["a@contoso.com"]]);
    expect(DEFAULT_LIST_CACHE_ENTRIES).toBeGreaterThan(2);
  });

  it("stays within its character limit, the oldest going first", async () => {
    const big = (address: string): ListExpansion => ({ ...counted(address, 400, 200), knownMembers: Array.from({ length: 200 }, (_, i) => `guest${i}@partner.example`) });
    const lists = { [ALL]: big(ALL), [SALES]: big(SALES) };
    const { inner, runtime, store, advance } = setup({ lists, maxChars: 8_000 });
    await runtime().expandLists([ALL]);
    await flush();
    advance(1);
    await runtime().expandLists([SALES]);
    await flush();
    expect((store.text ?? "").length).toBeLessThanOrEqual(8_000);
    inner.calls.splice(0);
    await runtime().expandLists([ALL, SALES]);
    expect(inner.calls).toEqual([[ALL]]);
  });

  it("uses an answer learned without counting outsiders only where outsiders are not counted either", async () => {
    const store = new MemoryStore();
    const partial = setup({ store, countsOutsiders: false });
    await partial.runtime().expandLists([ALL]);
    await flush();
    await partial.runtime().expandLists([ALL]);
    expect(partial.inner.calls).toEqual([[ALL]]);

    const full = setup({ store });
    await full.runtime().expandLists([ALL]);
    expect(full.inner.calls).toEqual([[ALL]]);
  });

  it("is left out when the policy turns it off", () => {
    const inner = new TableDirectory();
    expect(withListCache(inner, 0)).toBe(inner);
    expect(withListCache(inner, 24)).toBeInstanceOf(RememberingDirectory);
  });
});
