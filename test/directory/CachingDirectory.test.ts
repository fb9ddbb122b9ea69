import { createGuardError } from "../../src/core/errors";
import type { ListExpansion } from "../../src/core/types";
import { CachingDirectory, DEFAULT_CACHE_TTL_MS } from "../../src/directory/CachingDirectory";
import type { Directory, DirectoryCallOptions, ListMembers } from "../../src/directory/Directory";

/** A Directory double whose calls stay pending until the test answers them. */
class DirectoryDouble implements Directory {
  readonly calls: { addresses: string[]; signal?: AbortSignal; resolve: (lists: ListExpansion[]) => void; reject: (error: unknown) => void }[] = [];
  readonly memberCalls: string[] = [];

  expandLists(addresses: readonly string[], options: DirectoryCallOptions = {}): Promise<ListExpansion[]> {
    return new Promise((resolve, reject) => {
      this.calls.push({ addresses: [...addresses], signal: options.signal, resolve, reject });
    });
  }

  listMembers(address: string): Promise<ListMembers> {
    this.memberCalls.push(address);
    return Promise.resolve({ members: ["a@x.com"], external: [], complete: true });
  }

  /** Answers call `index` with a counted list per address (size = address length, for variety). */
  answer(index: number, override: Partial<Record<string, Partial<ListExpansion>>> = {}): void {
    const call = this.calls[index];
    if (!call) throw new Error(`no call ${index}`);
    call.resolve(call.addresses.map((address) => ({ ...counted(address), ...override[address] })));
  }
}

function counted(address: string, n = address.length): ListExpansion {
  return { address, people: { lower: n, upper: n }, external: { lower: 0, upper: 0 }, source: "groupCounts" };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function setup(options: { ttlMs?: number; maxEntries?: number } = {}) {
  const inner = new DirectoryDouble();
  let clock = 1_000_000;
  const directory = new CachingDirectory({ directory: inner, now: () => clock, ...options });
  return { inner, directory, advance: (ms: number) => (clock += ms) };
}

describe("CachingDirectory", () => {
  it("answers a list from memory for ten minutes by default, then asks again", async () => {
    const { inner, directory, advance } = setup();
    const first = directory.expandLists(["a@x.com"]);
    inner.answer(0);
    await expect(first).resolves.toEqual([counted("a@x.com")]);

    advance(DEFAULT_CACHE_TTL_MS - 1);
    await expect(directory.expandLists(["A@X.com"])).resolves.toEqual([counted("a@x.com")]);
    expect(inner.calls).toHaveLength(1);

    advance(1);
    const later = directory.expandLists(["a@x.com"]);
    await flush();
    expect(inner.calls).toHaveLength(2);
    inner.answer(1);
    await later;
  });

  it("honours a custom TTL", async () => {
    const { inner, directory, advance } = setup({ ttlMs: 1000 });
    const first = directory.expandLists(["a@x.com"]);
    inner.answer(0);
    await first;
    advance(1000);
    void directory.expandLists(["a@x.com"]);
    await flush();
    expect(inner.calls).toHaveLength(2);
  });

  it("asks the inner directory only for the lists it does not hold", async () => {
    const { inner, directory } = setup();
    const first = directory.expandLists(["a@x.com"]);
    inner.answer(0);
    await first;
    const second = directory.expandLists(["b@x.com", "a@x.com", "c@x.com"]);
    await flush();
    expect(inner.calls[1]?.addresses).toEqual(["b@x.com", "c@x.com"]);
    inner.answer(1);
    await expect(second).resolves.toEqual([counted("b@x.com"), counted("a@x.com"), counted("c@x.com")]);
  });

  it("shares work in flight between overlapping calls: each list is asked for once", async () => {
    const { inner, directory } = setup();
    const one = directory.expandLists(["a@x.com", "b@x.com"]);
    const two = directory.expandLists(["b@x.com", "c@x.com", "a@x.com"]);
    await flush();
    expect(inner.calls.map((c) => c.addresses)).toEqual([["a@x.com", "b@x.com"], ["c@x.com"]]);
    inner.answer(1);
    inner.answer(0);
    await expect(one).resolves.toEqual([counted("a@x.com"), counted("b@x.com")]);
    await expect(two).resolves.toEqual([counted("b@x.com"), counted("c@x.com"), counted("a@x.com")]);
  });

  it("keeps order and duplicates of the requested addresses", async () => {
    const { inner, directory } = setup();
    const call = directory.expandLists(["a@x.com", "B@x.com", "a@x.com"]);
    await flush();
    expect(inner.calls[0]?.addresses).toEqual(["a@x.com", "b@x.com"]);
    inner.answer(0);
    await expect(call).resolves.toEqual([counted("a@x.com"), counted("b@x.com"), counted("a@x.com")]);
  });

  it("never remembers unknown lists", async () => {
    const { inner, directory } = setup();
    const unknown: Partial<ListExpansion> = { source: "unknown", people: { lower: 0, upper: Infinity }, errorCode: "graph_throttled" };
    const first = directory.expandLists(["a@x.com", "b@x.com"]);
    inner.answer(0, { "a@x.com": unknown });
    await expect(first).resolves.toMatchObject([{ source: "unknown", errorCode: "graph_throttled" }, { source: "groupCounts" }]);
    const second = directory.expandLists(["a@x.com", "b@x.com"]);
    await flush();
    expect(inner.calls[1]?.addresses).toEqual(["a@x.com"]);
    inner.answer(1);
    await expect(second).resolves.toEqual([counted("a@x.com"), counted("b@x.com")]);
  });

  it("never remembers a fallback answer behind a fault: an undercount must not outlive it", async () => {
    const { inner, directory } = setup();
    // The counts failed and mail tips stood in with a lower bound: usable now, never kept.
    const fallback: Partial<ListExpansion> = { source: "mailTips", people: { lower: 12, upper: Infinity }, mayBeStale: true, errorCode: "graph_unavailable" };
    const first = directory.expandLists(["a@x.com"]);
    inner.answer(0, { "a@x.com": fallback });
    await expect(first).resolves.toMatchObject([{ source: "mailTips", errorCode: "graph_unavailable" }]);
    const second = directory.expandLists(["a@x.com"]);
    await flush();
    expect(inner.calls).toHaveLength(2);
    inner.answer(1);
    await expect(second).resolves.toEqual([counted("a@x.com")]);
  });

  it("never remembers a rejection, and hands it to every caller waiting on that work", async () => {
    const { inner, directory } = setup();
    const one = directory.expandLists(["a@x.com"]);
    const two = directory.expandLists(["a@x.com"]);
    await flush();
    expect(inner.calls).toHaveLength(1);
    inner.calls[0]?.reject(createGuardError("graph_unavailable"));
    await expect(one).rejects.toMatchObject({ code: "graph_unavailable" });
    await expect(two).rejects.toMatchObject({ code: "graph_unavailable" });
    const three = directory.expandLists(["a@x.com"]);
    await flush();
    expect(inner.calls).toHaveLength(2);
    inner.answer(1);
    await expect(three).resolves.toEqual([counted("a@x.com")]);
  });

  it("releases a caller at its own deadline while shared work goes on for the others", async () => {
    const { inner, directory } = setup();
    const quick = new AbortController();
    const patient = new AbortController();
    const one = directory.expandLists(["a@x.com"], { signal: quick.signal });
    const two = directory.expandLists(["a@x.com"], { signal: patient.signal });
    await flush();
    quick.abort(new DOMException("deadline", "TimeoutError"));
    await expect(one).rejects.toMatchObject({ code: "directory_timeout" });
    expect(inner.calls[0]?.signal?.aborted).toBe(false);
    inner.answer(0);
    await expect(two).resolves.toEqual([counted("a@x.com")]);
  });

  it("cancels shared work once every waiting caller has given up, and starts afresh after", async () => {
    const { inner, directory } = setup();
    const c1 = new AbortController();
    const c2 = new AbortController();
    const one = directory.expandLists(["a@x.com"], { signal: c1.signal });
    const two = directory.expandLists(["a@x.com"], { signal: c2.signal });
    await flush();
    c1.abort();
    c2.abort();
    await expect(one).rejects.toMatchObject({ code: "directory_aborted" });
    await expect(two).rejects.toMatchObject({ code: "directory_aborted" });
    expect(inner.calls[0]?.signal?.aborted).toBe(true);

    // The abandoned flight has not settled (the double ignores its signal); a new caller must not join it.
    const three = directory.expandLists(["a@x.com"]);
    await flush();
    expect(inner.calls).toHaveLength(2);
    inner.answer(1);
    await expect(three).resolves.toEqual([counted("a@x.com")]);
  });

  it("rejects at once without asking when the signal has already fired", async () => {
    const { inner, directory } = setup();
    await expect(directory.expandLists(["a@x.com"], { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: "directory_aborted" });
    expect(inner.calls).toHaveLength(0);
  });

  it("hands out copies: a caller changing its answer does not change the memory", async () => {
    const { inner, directory } = setup();
    const first = directory.expandLists(["a@x.com"]);
    inner.answer(0);
    const [mine] = await first;
    mine!.people.lower = 0;
    const [again] = await directory.expandLists(["a@x.com"]);
    expect(again?.people.lower).toBe(7);
  });

  it("forgets the oldest lists beyond maxEntries", async () => {
    const { inner, directory } = setup({ maxEntries: 2 });
    const first = directory.expandLists(["a@x.com", "b@x.com", "c@x.com"]);
    inner.answer(0);
    await first;
    void directory.expandLists(["a@x.com", "b@x.com", "c@x.com"]);
    await flush();
    expect(inner.calls[1]?.addresses).toEqual(["a@x.com"]);
  });

  it("forgets everything on clear()", async () => {
    const { inner, directory } = setup();
    const first = directory.expandLists(["a@x.com"]);
    inner.answer(0);
    await first;
    directory.clear();
    void directory.expandLists(["a@x.com"]);
    await flush();
    expect(inner.calls).toHaveLength(2);
  });

  it("passes listMembers through", async () => {
    const { inner, directory } = setup();
    await expect(directory.listMembers("a@x.com", { budget: 10 })).resolves.toMatchObject({ complete: true });
    await directory.listMembers("a@x.com", { budget: 10 });
    expect(inner.memberCalls).toEqual(["a@x.com", "a@x.com"]);
  });

  it("asks nothing for an empty request", async () => {
    const { inner, directory } = setup();
    await expect(directory.expandLists([])).resolves.toEqual([]);
    expect(inner.calls).toHaveLength(0);
  });
});
