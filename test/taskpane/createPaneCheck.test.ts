import { EXPANSION_KEY, ExpansionCache } from "../../src/office/ExpansionCache";
import { recipientDigest } from "../../src/office/recipientDigest";
import { createPaneCheck } from "../../src/taskpane/createPaneCheck";
import { counted, list, message, person } from "../fixtures/builders";
import { FakeDirectory } from "./FakeDirectory";
import { FakeMailbox } from "./FakeMailbox";
import { defaultPolicy, everyone, replyToEveryone } from "./scenarios";

const signal = () => new AbortController().signal;
const NOW = 1_700_000_000_000;

/** A reply whose original sender Outlook does not give: only a lookup can tell. */
const replyWithoutSender = { ...replyToEveryone, originalSender: undefined, to: [person("kim@contoso.com"), person("nestor@contoso.com"), list("everyone@contoso.com")] };

describe("createPaneCheck", () => {
  it("runs the real pipeline over the directory and leaves what it learned for the next Send", async () => {
    const mailbox = new FakeMailbox({ snapshot: replyToEveryone });
    const directory = new FakeDirectory([everyone]);
    const check = createPaneCheck({ mailbox, policy: defaultPolicy, directory, locale: "en-GB", now: () => NOW });
    const result = await check(replyToEveryone, { signal: signal() });
    expect(result.verdict.action).toBe("block");
    expect(result.verdict.locale).toBe("en-GB");
    expect(directory.expandCalls).toEqual([["everyone@contoso.com"]]);
    await Promise.resolve();
    const saved = await new ExpansionCache({ mailbox, now: () => NOW }).read(recipientDigest(replyToEveryone));
    expect(saved?.lists).toEqual([everyone]);
  });

  it("asks the directory nothing when the prefetch already knows the lists", async () => {
    const mailbox = new FakeMailbox({ snapshot: replyToEveryone });
    await new ExpansionCache({ mailbox, now: () => NOW }).write({ digest: recipientDigest(replyToEveryone), savedAt: NOW, lists: [everyone] });
    const directory = new FakeDirectory();
    const check = createPaneCheck({ mailbox, policy: defaultPolicy, directory, locale: "en-US", now: () => NOW });
    const result = await check(replyToEveryone, { signal: signal() });
    expect(directory.expandCalls).toEqual([]);
    expect(result.verdict.audience.lists[0]?.source).toBe("groupCounts");
  });

  it("ignores a prefetch made for other recipients", async () => {
    const mailbox = new FakeMailbox({ snapshot: replyToEveryone });
    await mailbox.setSessionData(EXPANSION_KEY, JSON.stringify({ v: 1, digest: "0000000000000000", savedAt: NOW, lists: [] }));
    const directory = new FakeDirectory([everyone]);
    await createPaneCheck({ mailbox, policy: defaultPolicy, directory, locale: "en-US", now: () => NOW })(replyToEveryone, { signal: signal() });
    expect(directory.expandCalls).toHaveLength(1);
  });

  it("looks up who wrote the original so that 'reply to the sender only' keeps the right person", async () => {
    const mailbox = Object.assign(new FakeMailbox({ snapshot: replyWithoutSender }), {
      findOriginalSender: jest.fn(() => Promise.resolve("nestor@contoso.com")),
    });
    const check = createPaneCheck({ mailbox, policy: defaultPolicy, directory: new FakeDirectory([everyone]), locale: "en-US", now: () => NOW });
    const result = await check(replyWithoutSender, { signal: signal() });
    expect(mailbox.findOriginalSender).toHaveBeenCalledTimes(1);
    expect(result.verdict.fixes.find((f) => f.code === "reply-to-sender-only")?.set.to).toEqual([person("nestor@contoso.com")]);
  });

  it("falls back to the first person in To when the lookup finds nothing", async () => {
    const mailbox = Object.assign(new FakeMailbox({ snapshot: replyWithoutSender }), { findOriginalSender: () => Promise.resolve(undefined) });
    const check = createPaneCheck({ mailbox, policy: defaultPolicy, directory: new FakeDirectory([everyone]), locale: "en-US" });
    const result = await check(replyWithoutSender, { signal: signal() });
    expect(result.verdict.fixes.find((f) => f.code === "reply-to-sender-only")?.set.to).toEqual([person("kim@contoso.com")]);
  });

  it("does not look anything up for a new message", async () => {
    const findOriginalSender = jest.fn(() => Promise.resolve("x@contoso.com"));
    const snapshot = message({ to: [list("team@contoso.com")] });
    const mailbox = Object.assign(new FakeMailbox({ snapshot }), { findOriginalSender });
    await createPaneCheck({ mailbox, policy: defaultPolicy, directory: new FakeDirectory([counted("team@contoso.com", 5)]), locale: "en-US" })(snapshot, { signal: signal() });
    expect(findOriginalSender).not.toHaveBeenCalled();
  });

  it("treats every list as unknown without a directory", async () => {
    const mailbox = new FakeMailbox({ snapshot: replyToEveryone });
    const result = await createPaneCheck({ mailbox, policy: defaultPolicy, locale: "en-US" })(replyToEveryone, { signal: signal() });
    expect(result.verdict.audience.lists[0]?.source).toBe("unknown");
    expect(result.verdict.reasons.map((r) => r.code)).toContain("unknown-list");
  });
});
