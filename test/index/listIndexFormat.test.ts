import { LIST_FILE_BUCKET_BYTES, listFileKey, listFilePath, readEntry, readManifest, serializeEntry, type IndexEntry } from "../../src/directory/listIndex/listIndexFormat";

const entry: IndexEntry = { v: 1, people: 840_000, external: 3, externalDomains: ["partner.org"], basis: "groupCounts", asOf: "2026-12-01T06:00:00.000Z" };

describe("list index format", () => {
  it("keys a list by its normalized address under the index's salt", () => {
    const salt = "c2FsdHNhbHRzYWx0c2FsdA";
    expect(listFileKey(salt, " All.Staff@NHS.net ")).toBe(listFileKey(salt, "all.staff@nhs.net"));
    expect(listFileKey(salt, "all.staff@nhs.net")).not.toBe(listFileKey(`${salt}x`, "all.staff@nhs.net"));
    expect(listFileKey(salt, "all.staff@nhs.net")).toMatch(/^[0-9a-f]{32}$/);
    expect(listFilePath(listFileKey(salt, "all.staff@nhs.net"))).not.toContain("nhs");
  });

  it("pads every list file to a multiple of the bucket size and reads it back", () => {
    const small = serializeEntry(entry);
    const large = serializeEntry({ ...entry, externalDomains: Array.from({ length: 60 }, (_, i) => `partner${i}.example.org`) });
    expect(Buffer.byteLength(small) % LIST_FILE_BUCKET_BYTES).toBe(0);
    expect(Buffer.byteLength(large) % LIST_FILE_BUCKET_BYTES).toBe(0);
    expect(Buffer.byteLength(large)).toBeGreaterThan(Buffer.byteLength(small));
    expect(readEntry(JSON.parse(small))).toEqual(entry);
  });

  it.each([
    ["a missing count", { ...entry, people: undefined }],
    ["a negative count", { ...entry, external: -1 }],
    ["more outsiders than people", { ...entry, people: 2, external: 3 }],
    ["a fractional count", { ...entry, people: 1.5 }],
    ["an unreadable time", { ...entry, asOf: "yesterday" }],
    ["another version", { ...entry, v: 2 }],
    ["domains that are not strings", { ...entry, externalDomains: [1] }],
  ])("refuses an entry with %s (never read as zero)", (_what, value) => {
    expect(readEntry(value)).toBeUndefined();
  });

  it("refuses a manifest of another format or without a usable salt", () => {
    const manifest = { format: "audience-guard-list-index", version: 1, builtAt: "2026-12-01T06:00:00Z", salt: "c2FsdHNhbHRzYWx0c2FsdA" };
    expect(readManifest(manifest)).toEqual(manifest);
    expect(readManifest({ ...manifest, format: "other" })).toBeUndefined();
    expect(readManifest({ ...manifest, salt: "short" })).toBeUndefined();
  });
});
