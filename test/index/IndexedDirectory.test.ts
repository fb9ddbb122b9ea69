import type { ListExpansion } from "../../src/core/types";
import type { Directory, DirectoryCallOptions, ListMembers } from "../../src/directory/Directory";
import { IndexedDirectory } from "../../src/directory/listIndex/IndexedDirectory";
import { ListIndexReader, type IndexFetch } from "../../src/directory/listIndex/ListIndexReader";
import { withListIndex } from "../../src/directory/listIndex/withListIndex";
import { listFileKey, listFilePath, serializeEntry, type IndexEntry } from "../../src/directory/listIndex/listIndexFormat";

const SALT = "c2FsdHNhbHRzYWx0c2FsdA";
const BASE = "https://addins.example.org/list-index/";
const NOW = Date.parse("2026-12-01T12:00:00Z");
const HOUR = 3_600_000;

function entry(people: number, hoursOld: number): IndexEntry {
  return { v: 1, people, external: 1, externalDomains: ["partner.org"], basis: "groupCounts", asOf: new Date(NOW - hoursOld * HOUR).toISOString() };
}

/** A static host: files by URL; records every URL asked for. */
function host(files: Record<string, string>, options: { query?: string } = {}): { fetch: IndexFetch; asked: string[] } {
  const asked: string[] = [];
  const fetchDouble: IndexFetch = (url, init) => {
    asked.push(url);
    if (init.signal?.aborted) return Promise.reject(new Error("aborted"));
    const path = url.slice(BASE.length).replace(options.query ?? "", "");
    const text = files[path];
    return Promise.resolve({ ok: text !== undefined, status: text !== undefined ? 200 : 404, json: () => Promise.resolve(JSON.parse(text ?? "null") as unknown) });
  };
  return { fetch: fetchDouble, asked };
}

function files(lists: Record<string, IndexEntry>): Record<string, string> {
  const out: Record<string, string> = { "index.json": JSON.stringify({ format: "audience-guard-list-index", version: 1, builtAt: new Date(NOW).toISOString(), salt: SALT }) };
  for (const [address, e] of Object.entries(lists)) out[listFilePath(listFileKey(SALT, address))] = serializeEntry(e);
  return out;
}

/** The Graph side: answers every list with groupCounts, records what it was asked. */
class RecordingDirectory implements Directory {
  readonly asked: string[][] = [];
  expandLists(addresses: readonly string[], _options?: DirectoryCallOptions): Promise<ListExpansion[]> {
    this.asked.push(addresses.slice());
    return Promise.resolve(addresses.map((address) => ({ address, people: { lower: 7, upper: 7 }, external: { lower: 0, upper: 0 }, source: "groupCounts" as const })));
  }
  listMembers(_address: string, _options: DirectoryCallOptions & { budget: number }): Promise<ListMembers> {
    return Promise.resolve({ members: ["a@x.org"], external: [], complete: true });
  }
}

function setup(served: Record<string, string>, maxAgeHours = 24, url = BASE) {
  const graph = new RecordingDirectory();
  const h = host(served, url.includes("?") ? { query: url.slice(url.indexOf("?")) } : {});
  const reader = new ListIndexReader({ url, fetch: h.fetch, maxAgeMs: maxAgeHours * HOUR, now: () => NOW });
  return { graph, asked: h.asked, directory: new IndexedDirectory({ index: reader, directory: graph }) };
}

describe("IndexedDirectory over the list index", () => {
  it("answers indexed lists from the index, says so and how old, and asks Graph for the rest only", async () => {
    const { graph, directory, asked } = setup(files({ "all@nhs.net": entry(840_000, 5) }));
    const result = await directory.expandLists(["ALL@nhs.net", "ward7@nhs.net"]);
    expect(result[0]).toMatchObject({ address: "all@nhs.net", people: { lower: 840_000, upper: 840_000 }, source: "index", asOf: new Date(NOW - 5 * HOUR).toISOString(), externalDomains: ["partner.org"] });
    expect(result[1]).toMatchObject({ address: "ward7@nhs.net", source: "groupCounts" });
    expect(graph.asked).toEqual([["ward7@nhs.net"]]);
    expect(asked.every((u) => !u.includes("nhs.net"))).toBe(true);
  });

  it("asks Graph for a list held past maxAgeHours", async () => {
    const { graph, directory } = setup(files({ "all@nhs.net": entry(840_000, 30) }), 24);
    const [all] = await directory.expandLists(["all@nhs.net"]);
    expect(all?.source).toBe("groupCounts");
    expect(graph.asked).toEqual([["all@nhs.net"]]);
  });

  it("asks Graph for everything when the manifest is missing or malformed", async () => {
    const served = files({ "all@nhs.net": entry(840_000, 1) });
    served["index.json"] = JSON.stringify({ format: "something-else" });
    const { graph, directory } = setup(served);
    await directory.expandLists(["all@nhs.net"]);
    expect(graph.asked).toEqual([["all@nhs.net"]]);
  });

  it("asks Graph for a list whose file is malformed, never reading it as zero", async () => {
    const served = files({});
    served[listFilePath(listFileKey(SALT, "all@nhs.net"))] = JSON.stringify({ v: 1, people: "many", external: 0, externalDomains: [], basis: "groupCounts", asOf: new Date(NOW).toISOString() });
    const { graph, directory } = setup(served);
    const [all] = await directory.expandLists(["all@nhs.net"]);
    expect(all?.people).toEqual({ lower: 7, upper: 7 });
    expect(graph.asked).toEqual([["all@nhs.net"]]);
  });

  it("keeps a storage or CDN token from the URL on every file it fetches", async () => {
    const { graph, directory, asked } = setup(files({ "all@nhs.net": entry(10, 1) }), 24, `${BASE}?sig=abc`);
    await directory.expandLists(["all@nhs.net"]);
    expect(graph.asked).toEqual([]);
    expect(asked.length).toBe(2);
    expect(asked.every((u) => u.endsWith("?sig=abc"))).toBe(true);
  });

  it("reads the manifest once for several Sends", async () => {
    const { directory, asked } = setup(files({ "all@nhs.net": entry(10, 1) }));
    await directory.expandLists(["all@nhs.net"]);
    await directory.expandLists(["all@nhs.net"]);
    expect(asked.filter((u) => u.endsWith("index.json")).length).toBe(1);
  });

  it("rejects with directory_aborted when the call's signal has fired", async () => {
    const { directory } = setup(files({}));
    const controller = new AbortController();
    controller.abort();
    await expect(directory.expandLists(["all@nhs.net"], { signal: controller.signal })).rejects.toMatchObject({ code: "directory_aborted" });
  });

  it("passes enumerations to Graph: the index holds no addresses", async () => {
    const { directory } = setup(files({}));
    await expect(directory.listMembers("all@nhs.net", { budget: 10 })).resolves.toMatchObject({ members: ["a@x.org"] });
  });
});

describe("withListIndex", () => {
  it("returns the directory itself when the policy names no index", () => {
    const graph = new RecordingDirectory();
    expect(withListIndex(graph, null, { addinBaseUrl: "https://addins.example.org/guard/" })).toBe(graph);
  });

  it("resolves a root-relative index URL on the add-in's origin", async () => {
    const asked: string[] = [];
    const fetchDouble: IndexFetch = (url) => {
      asked.push(url);
      return Promise.resolve({ ok: false, status: 404, json: () => Promise.resolve(null) });
    };
    const directory = withListIndex(new RecordingDirectory(), { url: "/list-index/", maxAgeHours: 24 }, { addinBaseUrl: "https://addins.example.org/guard/", fetch: fetchDouble });
    await directory.expandLists(["all@nhs.net"]);
    expect(asked).toEqual(["https://addins.example.org/list-index/index.json"]);
  });
});
