import type { MailboxVersion } from "../../src/office/Mailbox";
import { mailboxSupport, maxRecipientsPerRead, smartAlertsFeatures, supportsNestedAppAuth } from "../../src/office/requirements";
import { createFakeOffice, mailboxUpTo } from "./fakeOffice";

const upTo = (version: MailboxVersion) => mailboxSupport(createFakeOffice({ mailbox: mailboxUpTo(version) }).office);

describe("smartAlertsFeatures", () => {
  it.each([
    ["1.12", { sendModeOverride: false, cancelLabel: false, commandId: false, contextData: false, errorMessageMarkdown: false }],
    ["1.13", { sendModeOverride: false, cancelLabel: false, commandId: false, contextData: false, errorMessageMarkdown: false }],
    ["1.14", { sendModeOverride: true, cancelLabel: true, commandId: true, contextData: true, errorMessageMarkdown: false }],
    ["1.15", { sendModeOverride: true, cancelLabel: true, commandId: true, contextData: true, errorMessageMarkdown: true }],
  ] as const)("on a Mailbox %s client offers %o", (version, expected) => {
    expect(smartAlertsFeatures(upTo(version))).toEqual(expected);
  });
});

describe("requirement detection", () => {
  it("treats a client that throws on isSetSupported as supporting nothing newer", () => {
    const fake = createFakeOffice();
    fake.office.context.requirements.isSetSupported = () => {
      throw new Error("not ready");
    };
    expect(mailboxSupport(fake.office)("1.12")).toBe(false);
    expect(supportsNestedAppAuth(fake.office)).toBe(false);
  });

  it("detects nested app authentication with NestedAppAuth 1.1", () => {
    expect(supportsNestedAppAuth(createFakeOffice({ nestedAppAuth: true }).office)).toBe(true);
    expect(supportsNestedAppAuth(createFakeOffice({ nestedAppAuth: false }).office)).toBe(false);
  });

  it("knows how many recipients one read returns: 500 below Mailbox 1.16, 1,000 from it", () => {
    expect(maxRecipientsPerRead(upTo("1.15"))).toBe(500);
    expect(maxRecipientsPerRead(upTo("1.16"))).toBe(1000);
  });

  it("gives 1,000 on the web and in new Outlook (platform OfficeOnline) whatever the Mailbox set, 500 on Mac", () => {
    expect(maxRecipientsPerRead(upTo("1.14"), "OfficeOnline")).toBe(1000);
    expect(maxRecipientsPerRead(upTo("1.14"), "Mac")).toBe(500);
    expect(maxRecipientsPerRead(upTo("1.14"), "PC")).toBe(500);
  });
});
