import { validatePolicy } from "../../src/core/policy";

describe("policy directory.index", () => {
  it("is off by default", () => {
    const result = validatePolicy({});
    expect(result.ok && result.policy.directory.index).toBeNull();
  });

  it.each(["/list-index/", "https://cdn.example.org/guard/list-index/", "https://stguard.blob.core.windows.net/index/?sv=2024&sig=abc", "http://localhost:3000/list-index/"])(
    "accepts %s, with maxAgeHours defaulting to 24",
    (url) => {
      const result = validatePolicy({ directory: { index: { url } } });
      expect(result.ok && result.policy.directory.index).toEqual({ url, maxAgeHours: 24 });
    },
  );

  it.each([
    ["an http URL off loopback", { url: "http://cdn.example.org/index/" }, "directory.index.url"],
    ["credentials in the URL", { url: "https://user:pw@cdn.example.org/index/" }, "directory.index.url"],
    ["a protocol-relative URL", { url: "//cdn.example.org/index/" }, "directory.index.url"],
    ["no URL", { maxAgeHours: 24 }, "directory.index.url"],
    ["maxAgeHours 0", { url: "/list-index/", maxAgeHours: 0 }, "directory.index.maxAgeHours"],
    ["maxAgeHours over 30 days", { url: "/list-index/", maxAgeHours: 721 }, "directory.index.maxAgeHours"],
    ["an unknown key", { url: "/list-index/", ttl: 3 }, "directory.index.ttl"],
  ])("refuses %s, naming the path", (_what, index, path) => {
    const result = validatePolicy({ directory: { index } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path)).toContain(path);
  });
});
