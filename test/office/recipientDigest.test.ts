import { fnv1a, recipientDigest } from "../../src/office/recipientDigest";

const r = (emailAddress: string, displayName?: string) => ({ emailAddress, ...(displayName ? { displayName } : {}) });

describe("fnv1a", () => {
  it.each([
    ["", 0x811c9dc5],
    ["a", 0xe40c292c],
    ["foobar", 0xbf9cf968],
  ])("hashes %p like the reference 32-bit FNV-1a", (text, expected) => {
    expect(fnv1a(text)).toBe(expected);
  });
});

describe("recipientDigest", () => {
  const base = { to: [r("a@contoso.com"), r("b@contoso.com")], cc: [r("c@contoso.com")], bcc: [] };

  it("is 16 hex digits and stable", () => {
    expect(recipientDigest(base)).toMatch(/^[0-9a-f]{16}$/);
    expect(recipientDigest(base)).toBe(recipientDigest({ ...base }));
  });

  it("ignores order, case, surrounding spaces and display names", () => {
    const same = { to: [r(" B@Contoso.com ", "Bee"), r("a@contoso.com", "A")], cc: [r("C@CONTOSO.COM")], bcc: [] };
    expect(recipientDigest(same)).toBe(recipientDigest(base));
  });

  it("changes when a recipient is added, removed or moved to another field", () => {
    const digest = recipientDigest(base);
    expect(recipientDigest({ ...base, bcc: [r("d@contoso.com")] })).not.toBe(digest);
    expect(recipientDigest({ ...base, to: [r("a@contoso.com")] })).not.toBe(digest);
    expect(recipientDigest({ to: [r("a@contoso.com")], cc: [r("b@contoso.com"), r("c@contoso.com")], bcc: [] })).not.toBe(digest);
  });
});
