import { SEND_HARD_DEADLINE_MS } from "../../src/launchevent/completeOnce";
import { createHandlers } from "../../src/launchevent/createHandlers";
import { DomainDataError } from "../../src/office/domainData/DomainDataError";
import { launchTexts } from "../../src/launchevent/launchTexts";
import type { MailboxVersion } from "../../src/office/Mailbox";
import { counted, list, person } from "../fixtures/builders";
import { FakeMailbox } from "./FakeMailbox";
import { FakeDirectory, FakeEvent, policyLoader } from "./fakes";

/**
 * The handlers and the domain data (Public Suffix List, confusables) that the launch-event script
 * fetches: nothing is classified without it, and the policy is read only once it is there.
 */

const EN = launchTexts("en-US");

function setup(options: { domainData: (domains: readonly string[], options: { signal: AbortSignal }) => Promise<void>; client?: MailboxVersion; policy?: Record<string, unknown> }) {
  const mailbox = new FakeMailbox({ message: { to: [person("adele@contoso.com"), person("someone@nhѕ.net")] }, client: options.client ?? "1.14" });
  const log = jest.fn();
  const loadPolicy = jest.fn(policyLoader({ internalDomains: ["contoso.com", "nhs.net"], ...options.policy }));
  const domainData = jest.fn(options.domainData);
  const handlers = createHandlers({ mailbox, loadPolicy, directoryFactory: () => undefined, domainData, log });
  return { mailbox, log, loadPolicy, domainData, handlers };
}

const failing = (): Promise<void> => Promise.reject(new DomainDataError("domain_data_fetch_failed", "HTTP 404."));

describe("onMessageSendHandler and the domain data", () => {
  it("fetches the policy while the data loads, and checks once both are in", async () => {
    const waiting: (() => void)[] = [];
    const { handlers, loadPolicy } = setup({ domainData: () => new Promise<void>((resolve) => waiting.push(resolve)) });
    const event = new FakeEvent();
    const done = handlers.onMessageSendHandler(event);
    await Promise.resolve();
    await Promise.resolve();
    expect(loadPolicy).toHaveBeenCalledTimes(1);
    expect(event.completions).toHaveLength(0);
    while (waiting.length > 0) {
      waiting.splice(0).forEach((release) => release());
      await new Promise((resolve) => setImmediate(resolve));
    }
    await done;
    // nhѕ.net (Cyrillic ѕ) imitates nhs.net: the look-alike check ran.
    expect(event.only).toMatchObject({ allowEvent: false, errorMessage: expect.stringContaining("nhs.net") as string });
  });

  it("answers once with the directoryFailure fallback when the data cannot be loaded, and logs the code", async () => {
    const { handlers, log } = setup({ domainData: failing });
    const event = new FakeEvent();
    await handlers.onMessageSendHandler(event);
    // Nothing was seen of the organisation's policy here: the built-in default (warn) applies.
    expect(event.only).toEqual({ allowEvent: false, errorMessage: `${EN.checkFailed} ${EN.checkFailedPrompt}`, sendModeOverride: "promptUser" });
    expect(log).toHaveBeenCalledWith("domain_data_fetch_failed");
  });

  it("applies the organisation's directoryFailure, as last seen, when the data cannot be loaded", async () => {
    const mailbox = new FakeMailbox({ message: { to: [person("adele@contoso.com")] }, client: "1.14" });
    const handlers = createHandlers({ mailbox, loadPolicy: jest.fn(policyLoader()), lastSeenDirectoryFailure: () => "block", directoryFactory: () => undefined, domainData: failing, log: jest.fn() });
    const event = new FakeEvent();
    await handlers.onMessageSendHandler(event);
    expect(event.only).toEqual({ allowEvent: false, errorMessage: `${EN.checkFailed} ${EN.checkFailedBlock}` });
  });

  it("passes the event's signal, so the wait ends when the event is answered", async () => {
    const { handlers, domainData } = setup({ domainData: () => Promise.resolve() });
    await handlers.onMessageSendHandler(new FakeEvent());
    const signal = domainData.mock.calls[0]?.[1].signal;
    expect(signal?.aborted).toBe(true);
  });

  describe("when the data never arrives", () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it("answers at the hard deadline with the fallback, once", async () => {
      const { handlers } = setup({
        domainData: (_domains, { signal }) => new Promise<void>((_resolve, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true })),
      });
      const event = new FakeEvent();
      const done = handlers.onMessageSendHandler(event);
      await jest.advanceTimersByTimeAsync(SEND_HARD_DEADLINE_MS - 1);
      expect(event.completions).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1);
      await done;
      expect(event.only).toEqual({ allowEvent: false, errorMessage: `${EN.checkFailed} ${EN.checkFailedPrompt}`, sendModeOverride: "promptUser" });
    });
  });
});

describe("onMessageRecipientsChangedHandler and the domain data", () => {
  it("loads the data early, so that Send rarely waits for it", async () => {
    const { handlers, domainData, loadPolicy } = setup({ domainData: () => Promise.resolve() });
    const event = new FakeEvent();
    await handlers.onMessageRecipientsChangedHandler(event);
    expect(domainData.mock.calls.flatMap(([domains]) => domains)).toEqual(expect.arrayContaining(["contoso.com", "nhs.net", "adele@contoso.com", "someone@nhѕ.net"]));
    expect(loadPolicy).toHaveBeenCalledTimes(1);
    expect(event.argumentCounts).toEqual([0]);
  });

  it("completes with completed() when the data cannot be loaded", async () => {
    const { handlers } = setup({ domainData: failing });
    const event = new FakeEvent();
    await handlers.onMessageRecipientsChangedHandler(event);
    expect(event.argumentCounts).toEqual([0]);
  });
});

describe("the domain data of everything that is parsed", () => {
  const GUESTS = counted("partners@contoso.com", 3, 2);
  const withGuests = { ...GUESTS, source: "enumerated" as const, members: ["adele@contoso.com", "kenji@partner.co.jp", "dev@someone.github.io"] };

  function run(options: { domainData: (domains: readonly string[]) => Promise<void>; originalSender?: string }) {
    const mailbox = new FakeMailbox({
      message: { composeType: options.originalSender ? "reply" : "new", to: [person("adele@contoso.com"), list("partners@contoso.com", "Partners")], cc: [person("a@b.de")] },
      client: "1.14",
      ...(options.originalSender ? { originalSender: options.originalSender } : {}),
    });
    const log = jest.fn();
    const domainData = jest.fn((domains: readonly string[]) => options.domainData(domains));
    const directory = new FakeDirectory({ "partners@contoso.com": withGuests });
    const handlers = createHandlers({ mailbox, loadPolicy: jest.fn(policyLoader({ internalDomains: ["contoso.com"], trustedDomains: ["*.example.org"] })), directoryFactory: () => directory, domainData, log });
    return { handlers, domainData, log, asked: () => domainData.mock.calls.flatMap(([domains]) => domains) };
  }

  it("asks for the policy's patterns, every address of the message, and what the directory returns", async () => {
    const { handlers, asked } = run({ domainData: () => Promise.resolve(), originalSender: "Boss <boss@contoso.co.uk>" });
    const event = new FakeEvent();
    await handlers.onMessageSendHandler(event);
    expect(event.only?.allowEvent).toBe(false);
    expect(asked()).toEqual(expect.arrayContaining(["contoso.com", "*.example.org", "megan@contoso.com", "adele@contoso.com", "partners@contoso.com", "a@b.de", "kenji@partner.co.jp", "dev@someone.github.io", "Boss <boss@contoso.co.uk>"]));
  });

  it("asks for the domains an indexed list holds outsiders from, which the evaluation classifies", async () => {
    const indexed = { ...counted("partners@contoso.com", 40, 3), source: "index" as const, asOf: "2026-12-01T06:00:00.000Z", externalDomains: ["partner.co.jp", "evil.xn--p1ai"] };
    const mailbox = new FakeMailbox({ message: { composeType: "new", to: [list("partners@contoso.com", "Partners")] }, client: "1.14" });
    const domainData = jest.fn((_domains: readonly string[]) => Promise.resolve());
    const handlers = createHandlers({ mailbox, loadPolicy: jest.fn(policyLoader({ internalDomains: ["contoso.com"] })), directoryFactory: () => new FakeDirectory({ "partners@contoso.com": indexed }), domainData, log: jest.fn() });
    await handlers.onMessageSendHandler(new FakeEvent());
    expect(domainData.mock.calls.flatMap(([domains]) => domains)).toEqual(expect.arrayContaining(["partner.co.jp", "evil.xn--p1ai"]));
  });

  it("answers by the policy's directoryFailure, logged, when the data of what the directory returned cannot be loaded", async () => {
    const { handlers, log } = run({ domainData: (domains) => (domains.includes("kenji@partner.co.jp") ? Promise.reject(new DomainDataError("domain_data_fetch_failed")) : Promise.resolve()) });
    const event = new FakeEvent();
    await handlers.onMessageSendHandler(event);
    expect(log).toHaveBeenCalledWith("domain_data_fetch_failed");
    const verdict = JSON.parse(String(event.only?.contextData)) as { reasons: { code: string }[] };
    expect(verdict.reasons.map((r) => r.code)).toContain("directory-failure");
  });

  it("drops an original sender whose data cannot be loaded rather than parse it without", async () => {
    const { handlers, log } = run({
      domainData: (domains) => (domains.includes("Boss <boss@contoso.co.uk>") ? Promise.reject(new DomainDataError("domain_data_fetch_failed")) : Promise.resolve()),
      originalSender: "Boss <boss@contoso.co.uk>",
    });
    const event = new FakeEvent();
    await handlers.onMessageSendHandler(event);
    expect(event.completions).toHaveLength(1);
    expect(log).toHaveBeenCalledWith("domain_data_fetch_failed");
    expect(String(event.only?.contextData)).not.toContain("boss@contoso.co.uk");
  });
});
