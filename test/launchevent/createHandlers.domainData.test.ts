import { SEND_HARD_DEADLINE_MS } from "../../src/launchevent/completeOnce";
import { createHandlers } from "../../src/launchevent/createHandlers";
import { DomainDataError } from "../../src/office/domainData/DomainDataError";
import { launchTexts } from "../../src/launchevent/launchTexts";
import type { MailboxVersion } from "../../src/office/Mailbox";
import { person } from "../fixtures/builders";
import { FakeMailbox } from "./FakeMailbox";
import { FakeEvent, policyLoader } from "./fakes";

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
