import { readBatch, readCountBody, readGroups, readMailTips, readMemberPage } from "../../src/directory/graphBodies";

describe("readCountBody", () => {
  it.each([
    [0, 0],
    [840000, 840000],
    ["12", 12],
    [" 12\n", 12],
    [Buffer.from("5000").toString("base64"), 5000],
    [Buffer.from("7").toString("base64"), 7],
    [-1, undefined],
    [1.5, undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    [2 ** 53, undefined],
    ["-3", undefined],
    ["1e3", undefined],
    ["12abc", undefined],
    ["", undefined],
    [Buffer.from("abc").toString("base64"), undefined],
    [null, undefined],
    [undefined, undefined],
    [{ value: 3 }, undefined],
    [[3], undefined],
    [true, undefined],
  ])("%p → %p (malformed is unknown, never zero)", (body, expected) => {
    expect(readCountBody(body)).toBe(expected);
  });
});

describe("readMailTips", () => {
  it("reads counts per lower-cased address and keeps malformed numbers unknown", () => {
    const entries = readMailTips({
      value: [
        { emailAddress: { address: "All@Contoso.com" }, totalMemberCount: 12, externalMemberCount: 2 },
        { emailAddress: { address: "b@contoso.com" }, totalMemberCount: "12", externalMemberCount: -1 },
        { emailAddress: { address: "c@contoso.com" }, error: { code: "RecipientNotFound" } },
        { emailAddress: {} },
        "junk",
      ],
    });
    expect(entries).toEqual([
      { address: "all@contoso.com", totalMemberCount: 12, externalMemberCount: 2 },
      { address: "b@contoso.com" },
      { address: "c@contoso.com", errorCode: "RecipientNotFound" },
    ]);
  });

  it.each([[null], [{}], [{ value: "x" }], [[]]])("refuses %j", (body) => {
    expect(readMailTips(body)).toBeUndefined();
  });
});

describe("readGroups", () => {
  it("keeps groups with ids only", () => {
    expect(readGroups({ value: [{ id: "1", mail: "A@x.com", displayName: "A" }, { mail: "b@x.com" }, { id: "" }] })).toEqual([
      { id: "1", mail: "a@x.com", displayName: "A", unified: false },
    ]);
    expect(readGroups({ value: [{ id: "2", groupTypes: ["Unified"] }] })).toEqual([{ id: "2", unified: true }]);
    expect(readGroups({ nope: [] })).toBeUndefined();
  });
});

describe("readMemberPage", () => {
  it("reads members, guests and the next link", () => {
    expect(
      readMemberPage({
        value: [{ mail: "A@x.com", userType: "Member" }, { mail: "g@gmail.com", userType: "Guest" }, { mail: null }],
        "@odata.nextLink": "https://graph.test/v1.0/next",
      }),
    ).toEqual({
      members: [{ mail: "a@x.com", guest: false }, { mail: "g@gmail.com", guest: true }, { guest: false }],
      nextLink: "https://graph.test/v1.0/next",
    });
  });

  it.each([[{ value: [1] }], [{ value: [], "@odata.nextLink": 3 }], [{}]])("refuses %j", (body) => {
    expect(readMemberPage(body)).toBeUndefined();
  });
});

describe("readBatch", () => {
  it("lower-cases inner header names", () => {
    expect(readBatch({ responses: [{ id: "1", status: 429, headers: { "Retry-After": "2" }, body: null }] })).toEqual([
      { id: "1", status: 429, headers: { "retry-after": "2" }, body: null },
    ]);
  });

  it.each([[{ responses: [{ id: 1, status: 200 }] }], [{ responses: [{ id: "1", status: "200" }] }], [{ responses: {} }], [null]])("refuses %j", (body) => {
    expect(readBatch(body)).toBeUndefined();
  });
});
