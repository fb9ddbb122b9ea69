import type { ListExpansion } from "../../src/core/types";
import { EXPANSION_KEY, EXPANSION_MAX_AGE_MS, ExpansionCache, parsePrefetch, serializePrefetch, type Prefetch } from "../../src/office/ExpansionCache";

function store(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getSessionData: (key: string) => Promise.resolve(data.get(key)),
    setSessionData: (key: string, value: string) => {
      data.set(key, value);
      return Promise.resolve();
    },
  };
}

const counted: ListExpansion = { address: "all@contoso.com", displayName: "All staff", people: { lower: 840, upper: 840 }, external: { lower: 2, upper: 2 }, source: "groupCounts" };
const tips: ListExpansion = { address: "dyn@contoso.com", people: { lower: 30, upper: Infinity }, external: { lower: 0, upper: Infinity }, source: "mailTips", mayBeStale: true };
const enumerated: ListExpansion = { address: "small@contoso.com", people: { lower: 2, upper: 2 }, external: { lower: 1, upper: 1 }, source: "enumerated", members: ["a@contoso.com", "x@gmail.com"] };
const unknown: ListExpansion = { address: "gone@contoso.com", people: { lower: 0, upper: Infinity }, external: { lower: 0, upper: Infinity }, source: "unknown", errorCode: "graph_not_found" };

describe("ExpansionCache", () => {
  it("reads back what it wrote, open upper bounds included, for the same recipients", async () => {
    const mailbox = store();
    const cache = new ExpansionCache({ mailbox, now: () => 1_000 });
    const entry: Prefetch = { digest: "d1", savedAt: 1_000, lists: [counted, tips, enumerated], originalSender: "boss@contoso.com" };
    expect(await cache.write(entry)).toBe(true);
    expect(JSON.parse(mailbox.data.get(EXPANSION_KEY) ?? "")).toMatchObject({ v: 1, digest: "d1", lists: [{}, { people: { lower: 30, upper: null } }, {}] });
    expect(await cache.read("d1")).toEqual(entry);
  });

  it("ignores an entry for other recipients, or older than ten minutes", async () => {
    const mailbox = store();
    let now = 0;
    const cache = new ExpansionCache({ mailbox, now: () => now });
    await cache.write({ digest: "d1", savedAt: 0, lists: [counted] });
    expect(await cache.read("d2")).toBeUndefined();
    now = EXPANSION_MAX_AGE_MS;
    expect(await cache.read("d1")).toBeDefined();
    now = EXPANSION_MAX_AGE_MS + 1;
    expect(await cache.read("d1")).toBeUndefined();
  });

  it("serves its lists by address to other recipients, each while younger than the age limit since it was learned", async () => {
    const mailbox = store();
    let now = 0;
    const cache = new ExpansionCache({ mailbox, now: () => now });
    await cache.write({ digest: "d1", savedAt: 0, lists: [counted] });
    now = 60_000;
    await cache.write({ digest: "d2", savedAt: now, lists: [tips, counted], learnedAt: { [counted.address]: 0 } });
    const other = await cache.readFor("d3");
    expect(other.same).toBeUndefined();
    expect(other.lists.map((l) => l.address)).toEqual([tips.address, counted.address]);
    expect(other.learnedAt).toEqual({ [tips.address]: 60_000, [counted.address]: 0 });
    now = EXPANSION_MAX_AGE_MS + 1;
    const later = await cache.readFor("d2");
    expect(later.lists.map((l) => l.address)).toEqual([tips.address]);
    expect(later.same?.lists.map((l) => l.address)).toEqual([tips.address]);
  });

  it("leaves out lists the message no longer names before any of the message's own, when the entry would not fit", () => {
    const guests = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}@partner.example`);
    const heldBig: ListExpansion = { ...counted, address: "old@contoso.com", knownMembers: guests(400, "h") };
    const current: ListExpansion = { ...enumerated, members: guests(400, "m") };
    const text = serializePrefetch({ digest: "d", savedAt: 0, lists: [current, counted], held: [tips, heldBig] }, 13_000) ?? "";
    expect(text.length).toBeLessThanOrEqual(13_000);
    expect(parsePrefetch(text)?.lists.map((l) => l.address)).toEqual([current.address, counted.address, tips.address]);
  });

  it("stores a list once, however often the entry names it", () => {
    const text = serializePrefetch({ digest: "d", savedAt: 5, lists: [counted, { ...counted }], learnedAt: { [counted.address]: 1 } }) ?? "";
    expect(JSON.parse(text)).toMatchObject({ lists: [{ address: counted.address, savedAt: 1 }] });
    expect(parsePrefetch(text)?.lists).toHaveLength(1);
  });

  it("keeps what the verdict reads of a list: outsiders read by address, unreadable members, not-a-list, index age", () => {
    const read: ListExpansion = {
      address: "project@contoso.com",
      people: { lower: 12, upper: 12 },
      external: { lower: 2, upper: 12 },
      source: "groupCounts",
      knownMembers: ["guest@partner.org"],
      unreadable: 3,
      externalDomains: ["partner.org"],
    };
    const person: ListExpansion = { address: "pat@contoso.com", people: { lower: 1, upper: 1 }, external: { lower: 0, upper: 0 }, source: "mailTips", notAList: true };
    const indexed: ListExpansion = { address: "all@contoso.com", people: { lower: 9, upper: 9 }, external: { lower: 0, upper: 0 }, source: "index", asOf: "2026-11-30T06:00:00.000Z" };
    const text = serializePrefetch({ digest: "d", savedAt: 0, lists: [read, person, indexed] });
    expect(parsePrefetch(text ?? "")?.lists).toEqual([read, person, indexed]);
  });

  it("never carries an answer a failing part stood behind, so Send asks again and the fault is not lost", () => {
    const behindFault: ListExpansion = { ...counted, address: "ward@contoso.com", errorCode: "graph_unavailable" };
    const text = serializePrefetch({ digest: "d", savedAt: 0, lists: [counted, behindFault] });
    expect(parsePrefetch(text ?? "")?.lists).toEqual([counted]);
  });

  it("never stores lists the directory could not size", () => {
    const text = serializePrefetch({ digest: "d", savedAt: 0, lists: [counted, unknown] });
    expect(parsePrefetch(text ?? "")?.lists).toEqual([counted]);
  });

  it("stays within its size limit: an enumerated list whose members do not fit is left out, counted lists stay", () => {
    const huge: ListExpansion = { ...enumerated, address: "huge@contoso.com", members: Array.from({ length: 5000 }, (_, i) => `member${i}@contoso.com`), people: { lower: 5000, upper: 5000 } };
    const text = serializePrefetch({ digest: "d", savedAt: 0, lists: [counted, huge, enumerated] }, 40_000) ?? "";
    expect(text.length).toBeLessThanOrEqual(40_000);
    expect(parsePrefetch(text)?.lists.map((l) => l.address)).toEqual(["all@contoso.com", "small@contoso.com"]);
  });

  it("drops lists from the end when counted lists alone are too many", () => {
    const lists = Array.from({ length: 2000 }, (_, i) => ({ ...counted, address: `list${i}@contoso.com` }));
    const text = serializePrefetch({ digest: "d", savedAt: 0, lists }, 40_000) ?? "";
    expect(text.length).toBeLessThanOrEqual(40_000);
    const kept = parsePrefetch(text)?.lists ?? [];
    expect(kept.length).toBeGreaterThan(100);
    expect(kept[0]?.address).toBe("list0@contoso.com");
  });

  it.each([
    ["not JSON", "{"],
    ["another version", JSON.stringify({ v: 2, digest: "d", savedAt: 0, lists: [] })],
    ["a list without bounds", JSON.stringify({ v: 1, digest: "d", savedAt: 0, lists: [{ address: "a@b.com", source: "groupCounts" }] })],
    ["negative counts", JSON.stringify({ v: 1, digest: "d", savedAt: 0, lists: [{ ...counted, people: { lower: -1, upper: 3 } }] })],
    ["upper below lower", JSON.stringify({ v: 1, digest: "d", savedAt: 0, lists: [{ ...counted, people: { lower: 5, upper: 3 } }] })],
    ["an unknown source", JSON.stringify({ v: 1, digest: "d", savedAt: 0, lists: [{ ...counted, source: "guess" }] })],
    ["members that are not strings", JSON.stringify({ v: 1, digest: "d", savedAt: 0, lists: [{ ...enumerated, members: [1] }] })],
    ["a non-string original sender", JSON.stringify({ v: 1, digest: "d", savedAt: 0, lists: [], originalSender: 5 })],
    ["an array", "[]"],
    ["a list learned after the entry was saved", JSON.stringify({ v: 1, digest: "d", savedAt: 0, lists: [{ ...counted, people: { lower: 1, upper: 1 }, external: { lower: 0, upper: 0 }, savedAt: 5 }] })],
    ["a list's learned time that is not a count", JSON.stringify({ v: 1, digest: "d", savedAt: 9, lists: [{ ...counted, people: { lower: 1, upper: 1 }, external: { lower: 0, upper: 0 }, savedAt: "soon" }] })],
  ])("ignores %s", async (_what, text) => {
    const cache = new ExpansionCache({ mailbox: store({ [EXPANSION_KEY]: text }), now: () => 0 });
    expect(await cache.read("d")).toBeUndefined();
  });

  it("never rejects: a failing sessionData reads as no entry and writes as false", async () => {
    const failing = { getSessionData: () => Promise.reject(new Error("x")), setSessionData: () => Promise.reject(new Error("x")) };
    const cache = new ExpansionCache({ mailbox: failing });
    expect(await cache.read("d")).toBeUndefined();
    expect(await cache.write({ digest: "d", savedAt: 0, lists: [] })).toBe(false);
  });
});
