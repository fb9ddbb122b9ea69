import { isGuardError } from "../../src/core/errors";
import type { RecipientInput } from "../../src/core/types";
import { OfficeMailbox, correctComposeType } from "../../src/office/OfficeMailbox";
import type { OriginalSenderLookup } from "../../src/office/OriginalSenderLookup";
import { createFakeOffice, details, mailboxUpTo, type FakeOfficeOptions } from "./fakeOffice";

function setup(options: FakeOfficeOptions = {}, lookup?: OriginalSenderLookup) {
  const fake = createFakeOffice({ from: "megan@contoso.com", composeType: "newMail", ...options });
  const mailbox = new OfficeMailbox({ office: fake.office, ...(lookup ? { originalSenderLookup: lookup } : {}) });
  return { fake, mailbox };
}

function many(n: number, prefix = "p"): RecipientInput[] {
  return Array.from({ length: n }, (_, i) => ({ emailAddress: `${prefix}${i}@contoso.com`, displayName: `Person ${i}`, recipientType: "user" }));
}

function manyDetails(n: number) {
  return Array.from({ length: n }, (_, i) => details(`p${i}@contoso.com`, `Person ${i}`));
}

describe("OfficeMailbox.readSnapshot", () => {
  it("reads To, Cc and Bcc as EmailAddressDetails, with display names and recipient types", async () => {
    const { mailbox } = setup({
      to: [details("all@contoso.com", "All staff", "distributionList"), details("x@partner.org", "X", "externalUser")],
      cc: [details("adele@contoso.com", "Adele")],
      bcc: [details("g@gmail.com", "", "other")],
    });
    const snapshot = await mailbox.readSnapshot();
    expect(snapshot).toEqual({
      composeType: "new",
      from: "megan@contoso.com",
      to: [
        { emailAddress: "all@contoso.com", displayName: "All staff", recipientType: "distributionList" },
        { emailAddress: "x@partner.org", displayName: "X", recipientType: "externalUser" },
      ],
      cc: [{ emailAddress: "adele@contoso.com", displayName: "Adele", recipientType: "user" }],
      bcc: [{ emailAddress: "g@gmail.com", recipientType: "other" }],
    });
  });

  it("takes the sender from item.from, and from the user profile when from is missing or fails", async () => {
    expect((await setup({ from: "shared@contoso.com" }).mailbox.readSnapshot()).from).toBe("shared@contoso.com");
    const withoutFrom = createFakeOffice({ userProfile: "me@contoso.com", composeType: "newMail" });
    expect((await new OfficeMailbox({ office: withoutFrom.office }).readSnapshot()).from).toBe("me@contoso.com");
    expect((await setup({ userProfile: "me@contoso.com", failing: ["from.getAsync"] }).mailbox.readSnapshot()).from).toBe("me@contoso.com");
  });

  it.each([
    ["newMail", undefined, "new"],
    ["reply", undefined, "reply"],
    ["forward", undefined, "forward"],
    // getComposeTypeAsync reports some replies as newMail (OfficeDev/office-js#6652, #6739).
    ["newMail", "<orig@contoso.com>", "reply"],
    ["reply", "<orig@contoso.com>", "reply"],
    ["forward", "<orig@contoso.com>", "forward"],
    ["newMail", "", "new"],
    ["newMail", null, "new"],
  ])("reports compose type %s with inReplyTo %p as %s", async (reported, inReplyTo, expected) => {
    const { mailbox } = setup({ composeType: reported, inReplyTo });
    expect((await mailbox.readSnapshot()).composeType).toBe(expected);
  });

  it("falls back to the inReplyTo test when getComposeTypeAsync fails or is missing", async () => {
    expect((await setup({ failing: ["getComposeTypeAsync"], inReplyTo: "<o@c.com>" }).mailbox.readSnapshot()).composeType).toBe("reply");
    const noMethod = createFakeOffice({ inReplyTo: "<o@c.com>" });
    expect((await new OfficeMailbox({ office: noMethod.office }).readSnapshot()).composeType).toBe("reply");
    expect(correctComposeType(undefined, undefined)).toBe("new");
  });

  it("marks a field truncated when it holds the client's maximum: 500 below Mailbox 1.16", async () => {
    const { mailbox } = setup({ mailbox: mailboxUpTo("1.15"), to: manyDetails(500), cc: manyDetails(499) });
    expect((await mailbox.readSnapshot()).truncatedFields).toEqual(["to"]);
  });

  it("marks a field truncated at 1,000 from Mailbox 1.16, and not at 500", async () => {
    expect((await setup({ mailbox: mailboxUpTo("1.16"), bcc: manyDetails(1000) }).mailbox.readSnapshot()).truncatedFields).toEqual(["bcc"]);
    expect((await setup({ mailbox: mailboxUpTo("1.16"), to: manyDetails(500) }).mailbox.readSnapshot()).truncatedFields).toBeUndefined();
  });

  it("rejects with office_call_failed when a recipient field cannot be read", async () => {
    const { mailbox } = setup({ failing: ["cc.getAsync"] });
    const error: unknown = await mailbox.readSnapshot().catch((e: unknown) => e);
    expect(isGuardError(error) && error.code).toBe("office_call_failed");
    expect(isGuardError(error) && error.details).toMatchObject({ operation: "cc.getAsync", officeError: "GenericResponseError", officeCode: 9020 });
  });

  it("rejects with office_call_failed when there is no item", async () => {
    const fake = createFakeOffice();
    fake.office.context.mailbox.item = null;
    await expect(new OfficeMailbox({ office: fake.office }).readSnapshot()).rejects.toMatchObject({ code: "office_call_failed" });
  });
});

describe("OfficeMailbox.setRecipients", () => {
  it("writes 250 recipients as setAsync(100) + addAsync(100) + addAsync(50), in order, with display names", async () => {
    const { fake, mailbox } = setup({ to: [details("old@contoso.com")], cc: [details("keep@contoso.com")] });
    const wanted = many(250);
    await mailbox.setRecipients({ to: wanted });
    expect(fake.calls.filter((c) => c.method !== "to.getAsync").map((c) => `${c.method}(${c.recipients?.length ?? 0})`)).toEqual([
      "to.setAsync(100)",
      "to.addAsync(100)",
      "to.addAsync(50)",
    ]);
    expect(fake.fields.to.map((d) => d.emailAddress)).toEqual(wanted.map((r) => r.emailAddress));
    expect(fake.calls[0]?.recipients?.[0]).toEqual({ emailAddress: "p0@contoso.com", displayName: "Person 0" });
    expect(fake.calls[2]?.recipients?.[49]).toEqual({ emailAddress: "p249@contoso.com", displayName: "Person 249" });
    expect(fake.fields.cc.map((d) => d.emailAddress)).toEqual(["keep@contoso.com"]);
  });

  it("never calls the fields the fix does not name", async () => {
    const { fake, mailbox } = setup();
    await mailbox.setRecipients({ bcc: many(3) });
    expect(fake.calls.map((c) => c.method)).toEqual(["bcc.setAsync"]);
  });

  it("writes exactly 100 with one setAsync and clears a field with setAsync([])", async () => {
    const { fake, mailbox } = setup({ cc: manyDetails(4) });
    await mailbox.setRecipients({ to: many(100), cc: [] });
    expect(fake.calls.map((c) => `${c.method}(${c.recipients?.length ?? 0})`)).toEqual(["to.setAsync(100)", "cc.setAsync(0)"]);
    expect(fake.fields.cc).toEqual([]);
  });

  it("uses the address as display name when a recipient has none", async () => {
    const { fake, mailbox } = setup();
    await mailbox.setRecipients({ to: [{ emailAddress: "a@contoso.com" }] });
    expect(fake.calls[0]?.recipients).toEqual([{ emailAddress: "a@contoso.com", displayName: "a@contoso.com" }]);
  });

  it("rejects with office_call_failed naming the field and how many were written when a call fails", async () => {
    const { mailbox } = setup({ failing: ["to.addAsync"] });
    const error: unknown = await mailbox.setRecipients({ to: many(150) }).catch((e: unknown) => e);
    expect(isGuardError(error) && error.code).toBe("office_call_failed");
    expect(isGuardError(error) && error.details).toEqual({ field: "to", written: 100 });
  });
});

describe("OfficeMailbox sessionData", () => {
  it("stores and reads back values; an empty value reads as undefined", async () => {
    const { mailbox } = setup();
    expect(await mailbox.getSessionData("k")).toBeUndefined();
    await mailbox.setSessionData("k", "v");
    expect(await mailbox.getSessionData("k")).toBe("v");
  });

  it("rejects with office_call_failed where sessionData is missing or fails", async () => {
    await expect(setup({ noSessionData: true }).mailbox.getSessionData("k")).rejects.toMatchObject({ code: "office_call_failed" });
    await expect(setup({ failing: ["sessionData.setAsync"] }).mailbox.setSessionData("k", "v")).rejects.toMatchObject({ code: "office_call_failed" });
  });
});

describe("OfficeMailbox capabilities", () => {
  it("reports the display language and the requirement sets", () => {
    const { mailbox } = setup({ displayLanguage: "de-DE", mailbox: mailboxUpTo("1.13") });
    expect(mailbox.displayLanguage).toBe("de-DE");
    expect(mailbox.supports("1.12")).toBe(true);
    expect(mailbox.supports("1.14")).toBe(false);
  });

  it("calls the listener on RecipientsChanged until stopped", async () => {
    const { fake, mailbox } = setup();
    const listener = jest.fn();
    const stop = await mailbox.onRecipientsChanged(listener);
    fake.fireRecipientsChanged();
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
    await Promise.resolve();
    expect(fake.handlerRegistered()).toBe(false);
  });

  it("reads the Smart Alerts contextData, undefined when there is none", async () => {
    expect(await setup({ initializationContext: '{"action":"warn"}' }).mailbox.readInitializationContext()).toBe('{"action":"warn"}');
    expect(await setup().mailbox.readInitializationContext()).toBeUndefined();
  });
});

describe("OfficeMailbox.findOriginalSender", () => {
  function lookup(answer: string | undefined): OriginalSenderLookup & { ids: string[] } {
    const ids: string[] = [];
    return {
      ids,
      find: (id) => {
        ids.push(id);
        return Promise.resolve(answer);
      },
    };
  }

  it("looks the sender up by inReplyTo once, and later snapshots carry it", async () => {
    const found = lookup('"Boss" <boss@contoso.com>');
    const { mailbox } = setup({ composeType: "reply", inReplyTo: "<m1@contoso.com>" }, found);
    expect((await mailbox.readSnapshot()).originalSender).toBeUndefined();
    expect(await mailbox.findOriginalSender()).toBe('"Boss" <boss@contoso.com>');
    expect(await mailbox.findOriginalSender()).toBe('"Boss" <boss@contoso.com>');
    expect(found.ids).toEqual(["<m1@contoso.com>"]);
    expect((await mailbox.readSnapshot()).originalSender).toBe('"Boss" <boss@contoso.com>');
  });

  it("answers undefined without asking for a message that is not a reply, or without a lookup", async () => {
    const found = lookup("boss@contoso.com");
    expect(await setup({ inReplyTo: "" }, found).mailbox.findOriginalSender()).toBeUndefined();
    expect(found.ids).toEqual([]);
    expect(await setup({ inReplyTo: "<m@c.com>" }).mailbox.findOriginalSender()).toBeUndefined();
  });

  it("does not remember a failed lookup", async () => {
    const found = lookup(undefined);
    const { mailbox } = setup({ inReplyTo: "<m@c.com>" }, found);
    expect(await mailbox.findOriginalSender()).toBeUndefined();
    expect(await mailbox.findOriginalSender()).toBeUndefined();
    expect(found.ids).toHaveLength(2);
  });
});
