import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { hmacSha256, sha256, toHex, utf8 } from "../../src/directory/listIndex/sha256";

describe("sha256 (the list index's file names)", () => {
  it("matches Node's SHA-256 for any text, across block boundaries", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        expect(toHex(sha256(utf8(text)))).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
      }),
    );
  });

  it("encodes UTF-8 as Node does, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 50 }), (text) => {
        expect(Buffer.from(utf8(text)).equals(Buffer.from(text, "utf8"))).toBe(true);
      }),
    );
    expect(Buffer.from(utf8("a\ud800b")).equals(Buffer.from("a\ud800b", "utf8"))).toBe(true);
  });

  it("computes HMAC-SHA-256 as Node does, for short and long keys", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), fc.string({ maxLength: 200 }), (key, message) => {
        expect(toHex(hmacSha256(utf8(key), utf8(message)))).toBe(createHmac("sha256", Buffer.from(key, "utf8")).update(message, "utf8").digest("hex"));
      }),
    );
  });
});
