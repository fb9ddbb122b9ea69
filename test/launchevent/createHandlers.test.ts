import { createGuardError } from "../../src/core/errors";
import type { ListExpansion, MessageSnapshot } from "../../src/core/types";
import { SEND_HARD_DEADLINE_MS, type SmartAlertCompletion } from "../../src/launchevent/completeOnce";
import { createHandlers } from "../../src/launchevent/createHandlers";
import { launchTexts } from "../../src/launchevent/launchTexts";
import { EXPANSION_KEY } from "../../src/office/ExpansionCache";
import type { MailboxVersion } from "../../src/office/Mailbox";
import type { PolicyLoad } from "../../src/office/loadPolicy";
import { counted, list, person } from "../fixtures/builders";
import { FakeMailbox } from "./FakeMailbox";
import { FakeDirectory, FakeEvent, policyLoader } from "./fakes";

const ALL = "all@contoso.com";
const EN = launchTexts("en-US");

/** A reply to the boss and a list: 201 people with a 200-person list (warn), 5,001 with 5,000 (block). */
function replyToList(): Partial<MessageSnapshot> {
  return { composeType: "reply", to: [person("boss@contoso.com", "Big Boss"), list(ALL, "All staff")] };
}

interface SetupOptions {
  message?: Partial<MessageSnapshot>;
  client?: MailboxVersion;
  listSize?: number;
  policy?: Record<string, unknown>;
  policyOutcome?: Partial<PolicyLoad>;
  /** `null`: no directory here (no client id / no NAA). */
  directory?: FakeDirectory | null;
  originalSender?: string;
  displayLanguage?: string;
}

function setup(options: SetupOptions = {}) {
  const mailbox = new FakeMailbox({
    message: options.message ?? replyToList(),
    client: options.client ?? "1.14",
    displayLanguage: options.displayLanguage ?? "en-US",
    ...(options.originalSender !== undefined ? { originalSender: options.originalSender } : {}),
  });
  const lists: Record<string, ListExpansion> = { [ALL]: counted(ALL, options.listSize ?? 200, 0, "All staff") };
  const directory = options.directory === null ? undefined : (options.directory ?? new FakeDirectory(lists));
  const log = jest.fn();
  const handlers = createHandlers({
    mailbox,
    loadPolicy: policyLoader(options.policy, options.policyOutcome),
    directoryFactory: () => directory,
    log,
  });
  const send = async (): Promise<FakeEvent> => {
    const event = new FakeEvent();
    await handlers.onMessageSendHandler(event);
    return event;
  };
  const prefetch = async (): Promise<FakeEvent> => {
    const event = new FakeEvent();
    await handlers.onMessageRecipientsChangedHandler(event);
    return event;
  };
  return { mailbox, directory, handlers, send, prefetch, log };
}

function contextOf(completion: SmartAlertCompletion | undefined): Record<string, unknown> {
  return JSON.parse(completion?.contextData ?? "null") as Record<string, unknown>;
}

describe("onMessageSendHandler", () => {
  it("allows a message within every limit: allowEvent true, once", async () => {
    const { send } = setup({ message: { to: [person("adele@contoso.com"), person("lee@contoso.com")] } });
    expect((await send()).only).toEqual({ allowEvent: true });
  });

  it("allows an exempt sender's Send without asking the directory, at Send or at a recipients change", async () => {
    const { send, prefetch, directory } = setup({ listSize: 5000, policy: { exemptSenders: ["Megan@contoso.com"] } });
    await prefetch();
    expect((await send()).only).toEqual({ allowEvent: true });
    expect(directory?.calls).toEqual([]);
  });

  it("warns on a Mailbox 1.14 client with Send Anyway, the first fix as the button, and the verdict for the task pane", async () => {
    const { send } = setup();
    const completion = (await send()).only;
    expect(completion).toEqual({
      allowEvent: false,
      errorMessage: expect.stringContaining("at least 200 people") as string,
      sendModeOverride: "promptUser",
      commandId: "OpenAudienceGuard",
      cancelLabel: "Reply to sender",
      contextData: expect.any(String) as string,
    });
    expect(completion?.errorMessage).toContain("All staff");
    expect(contextOf(completion)).toMatchObject({ action: "warn", audience: { total: { lower: 200, upper: 201 } }, fixes: [{ code: "reply-to-sender-only" }] });
  });

  it("adds the Markdown message only on Mailbox 1.15", async () => {
    expect((await setup({ client: "1.15" }).send()).only?.errorMessageMarkdown).toEqual(expect.stringContaining("at least 200 people"));
    expect((await setup({ client: "1.14" }).send()).only).not.toHaveProperty("errorMessageMarkdown");
  });

  it("blocks a reply above blockAbove: no Send Anyway, the fix offered", async () => {
    const completion = (await setup({ listSize: 5000 }).send()).only;
    expect(completion).toMatchObject({ allowEvent: false, commandId: "OpenAudienceGuard", cancelLabel: "Reply to sender" });
    expect(completion).not.toHaveProperty("sendModeOverride");
    expect(completion?.errorMessage).toContain("at least 5,000 people");
  });

  describe("when the directory fails", () => {
    it("warns by default (directoryFailure: warn), saying list sizes could not be checked", async () => {
      const directory = new FakeDirectory();
      directory.failWith = createGuardError("graph_unavailable");
      const completion = (await setup({ directory }).send()).only;
      expect(completion).toMatchObject({ allowEvent: false, sendModeOverride: "promptUser" });
      expect(completion?.errorMessage).toContain("directory service is unavailable");
    });

    it("blocks when the policy says directoryFailure: block", async () => {
      const directory = new FakeDirectory();
      directory.failWith = createGuardError("graph_throttled");
      const completion = (await setup({ directory, policy: { directoryFailure: "block" } }).send()).only;
      expect(completion?.allowEvent).toBe(false);
      expect(completion).not.toHaveProperty("sendModeOverride");
      expect(completion?.errorMessage).toContain("directory is busy");
    });

    it("allows when the policy says directoryFailure: allow (and nothing else applies)", async () => {
      const directory = new FakeDirectory();
      directory.failWith = createGuardError("network_error");
      expect((await setup({ directory, policy: { directoryFailure: "allow" } }).send()).only).toEqual({ allowEvent: true });
    });
  });

  describe("deadlines", () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it("answers at the policy's timeoutMs when the directory never does, with the directory-failure verdict", async () => {
      const directory = new FakeDirectory();
      directory.hang = true;
      const { handlers } = setup({ directory, policy: { timeoutMs: 2000 } });
      const event = new FakeEvent();
      const started = Date.now();
      const done = handlers.onMessageSendHandler(event);
      await jest.advanceTimersByTimeAsync(1999);
      expect(event.completions).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1);
      await done;
      expect(Date.now() - started).toBeLessThan(SEND_HARD_DEADLINE_MS);
      expect(event.only).toMatchObject({ allowEvent: false, sendModeOverride: "promptUser" });
      expect(event.only?.errorMessage).toContain("took too long");
    });

    it("never waits past the hard deadline, whatever timeoutMs says", async () => {
      const directory = new FakeDirectory();
      directory.hang = true;
      const { handlers } = setup({ directory, policy: { timeoutMs: 10000 } });
      const event = new FakeEvent();
      const done = handlers.onMessageSendHandler(event);
      await jest.advanceTimersByTimeAsync(SEND_HARD_DEADLINE_MS);
      await done;
      expect(event.completions).toHaveLength(1);
      expect(event.only?.errorMessage).toContain("took too long");
    });

    it("completes at the hard deadline with the policy's fallback when Office never answers", async () => {
      const { handlers, mailbox } = setup();
      mailbox.readSnapshotFails = "hang";
      const event = new FakeEvent();
      const done = handlers.onMessageSendHandler(event);
      await jest.advanceTimersByTimeAsync(SEND_HARD_DEADLINE_MS - 1);
      expect(event.completions).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1);
      await done;
      expect(event.only).toEqual({ allowEvent: false, errorMessage: `${EN.checkFailed} ${EN.checkFailedPrompt}`, sendModeOverride: "promptUser" });
    });
  });

  describe("when something throws", () => {
    it("fails open with a message where Send Anyway exists (directoryFailure: warn)", async () => {
      const { send, mailbox, log } = setup();
      mailbox.readSnapshotFails = { error: createGuardError("office_call_failed"), how: "reject" };
      expect((await send()).only).toEqual({ allowEvent: false, errorMessage: `${EN.checkFailed} ${EN.checkFailedPrompt}`, sendModeOverride: "promptUser" });
      expect(log).toHaveBeenCalledWith("error:office_call_failed");
    });

    it("prompts, never allows silently, when the snapshot throws synchronously (directoryFailure: warn)", async () => {
      const { send, mailbox } = setup();
      mailbox.readSnapshotFails = { error: new TypeError("boom"), how: "throw" };
      expect((await send()).only).toEqual({ allowEvent: false, errorMessage: `${EN.checkFailed} ${EN.checkFailedPrompt}`, sendModeOverride: "promptUser" });
    });

    it("answers by the last policy seen when this Send fails before reading its own", async () => {
      const mailbox = new FakeMailbox({ message: replyToList(), client: "1.14", displayLanguage: "en-US" });
      const handlers = createHandlers({
        mailbox,
        loadPolicy: () => Promise.reject(new Error("no data")),
        lastSeenDirectoryFailure: () => "block",
        directoryFactory: () => undefined,
        log: jest.fn(),
      });
      const event = new FakeEvent();
      await handlers.onMessageSendHandler(event);
      expect(event.only).toEqual({ allowEvent: false, errorMessage: `${EN.checkFailed} ${EN.checkFailedBlock}` });
    });

    it("blocks when the policy says directoryFailure: block", async () => {
      const { send, mailbox } = setup({ policy: { directoryFailure: "block" } });
      mailbox.readSnapshotFails = { error: new Error("x"), how: "reject" };
      expect((await send()).only).toEqual({ allowEvent: false, errorMessage: `${EN.checkFailed} ${EN.checkFailedBlock}` });
    });
  });

  it("says the organisation's policy is not in use when it could not be loaded", async () => {
    const completion = (await setup({ policyOutcome: { source: "defaults", errorCode: "policy_fetch_failed" } }).send()).only;
    expect(completion?.errorMessage).toContain("built-in defaults are in use");
    expect(completion?.errorMessage).toContain("at least 200 people");
    expect(completion?.errorMessage?.length).toBeLessThanOrEqual(500);
  });

  it("says so when lists cannot be looked up because there is no directory here", async () => {
    const completion = (await setup({ directory: null }).send()).only;
    expect(completion?.allowEvent).toBe(false);
    expect(completion?.errorMessage).toContain("All staff");
    expect(completion?.errorMessage).toContain(EN.noDirectory);
  });

  it("writes the messages in the display language", async () => {
    const completion = (await setup({ displayLanguage: "de-DE" }).send()).only;
    expect(completion?.errorMessage).toContain("mindestens 200 Personen");
    expect(completion?.cancelLabel).toBe("Nur an Absender");
  });

  it("points reply-to-sender-only at the original sender when the mailbox can find it", async () => {
    const { send, mailbox } = setup({ message: { composeType: "reply", to: [person("adele@contoso.com"), list(ALL, "All staff")] }, originalSender: "boss@contoso.com" });
    const fixes = contextOf((await send()).only)["fixes"] as { code: string; set: { to: { emailAddress: string }[] } }[];
    expect(fixes[0]?.set.to.map((r) => r.emailAddress)).toEqual(["boss@contoso.com"]);
    expect(mailbox.calls).toContain("findOriginalSender");
  });
});

describe("onMessageRecipientsChangedHandler", () => {
  it("completes with event.completed() and no options, once", async () => {
    const event = await setup().prefetch();
    expect(event.argumentCounts).toEqual([0]);
  });

  it("prefetches so that Send needs no directory call; a changed recipient set asks only for the list not known yet", async () => {
    const { prefetch, send, directory, mailbox } = setup();
    await prefetch();
    expect(directory?.calls).toEqual([[ALL]]);
    expect(mailbox.session.has(EXPANSION_KEY)).toBe(true);
    directory?.calls.splice(0);

    expect((await send()).only).toMatchObject({ allowEvent: false, sendModeOverride: "promptUser" });
    expect(directory?.calls).toHaveLength(0);

    mailbox.message.to.push(list("sales@contoso.com", "Sales"));
    await send();
    expect(directory?.calls).toEqual([["sales@contoso.com"]]);
  });

  it("in a fresh runtime per event, each recipients change asks only for the lists it adds, and Send asks nothing", async () => {
    const SALES = "sales@contoso.com";
    const HR = "hr@contoso.com";
    const mailbox = new FakeMailbox({ message: { composeType: "new", to: [list(ALL, "All staff")] }, client: "1.14" });
    const directory = new FakeDirectory({ [ALL]: counted(ALL, 200, 0, "All staff"), [SALES]: counted(SALES, 40, 3, "Sales"), [HR]: counted(HR, 12, 0, "HR") });
    // Every event builds its own handlers, as classic Outlook starts a runtime per event: only sessionData carries over.
    const runtime = () => createHandlers({ mailbox, loadPolicy: policyLoader(), directoryFactory: () => directory, log: jest.fn() });
    await runtime().onMessageRecipientsChangedHandler(new FakeEvent());
    mailbox.message.cc.push(list(SALES, "Sales"));
    await runtime().onMessageRecipientsChangedHandler(new FakeEvent());
    // A list moved between fields, and one removed and added again, are still known.
    mailbox.message.cc = [];
    mailbox.message.bcc.push(list(HR, "HR"), list(SALES, "Sales"));
    await runtime().onMessageRecipientsChangedHandler(new FakeEvent());
    expect(directory.calls).toEqual([[ALL], [SALES], [HR]]);

    const event = new FakeEvent();
    await runtime().onMessageSendHandler(event);
    expect(directory.calls).toHaveLength(3);
    const verdict = contextOf(event.only) as { audience: { total: { lower: number } } };
    expect(verdict.audience.total.lower).toBe(200);
  });

  it("asks again for a list learned longer ago than the prefetch's age limit, and keeps the others", async () => {
    let clock = 1_000_000;
    const SALES = "sales@contoso.com";
    const mailbox = new FakeMailbox({ message: { composeType: "new", to: [list(ALL, "All staff")] }, client: "1.14" });
    const directory = new FakeDirectory({ [ALL]: counted(ALL, 200, 0, "All staff"), [SALES]: counted(SALES, 40, 3, "Sales") });
    const runtime = () => createHandlers({ mailbox, loadPolicy: policyLoader(), directoryFactory: () => directory, log: jest.fn(), now: () => clock });
    await runtime().onMessageRecipientsChangedHandler(new FakeEvent());
    clock += 6 * 60_000;
    mailbox.message.to.push(list(SALES, "Sales"));
    await runtime().onMessageRecipientsChangedHandler(new FakeEvent());
    clock += 6 * 60_000;
    await runtime().onMessageSendHandler(new FakeEvent());
    expect(directory.calls).toEqual([[ALL], [SALES], [ALL]]);
  });

  it("keeps the original sender with the prefetch, so Send does not look it up again", async () => {
    const { prefetch, send, mailbox } = setup({ message: { composeType: "reply", to: [person("adele@contoso.com"), list(ALL)] }, originalSender: "boss@contoso.com" });
    await prefetch();
    mailbox.calls.splice(0);
    const fixes = contextOf((await send()).only)["fixes"] as { set: { to: { emailAddress: string }[] } }[];
    expect(fixes[0]?.set.to[0]?.emailAddress).toBe("boss@contoso.com");
    expect(mailbox.calls).not.toContain("findOriginalSender");
  });

  it("does not cache a failing directory, and still completes once", async () => {
    const directory = new FakeDirectory();
    directory.failWith = createGuardError("graph_unavailable");
    const { prefetch, mailbox } = setup({ directory });
    expect((await prefetch()).argumentCounts).toEqual([0]);
    expect(mailbox.session.has(EXPANSION_KEY)).toBe(false);
  });

  it("does nothing without a directory, and completes once when reading the item fails", async () => {
    const none = setup({ directory: null });
    expect((await none.prefetch()).argumentCounts).toEqual([0]);
    const failing = setup();
    failing.mailbox.readSnapshotFails = { error: new Error("x"), how: "reject" };
    expect((await failing.prefetch()).argumentCounts).toEqual([0]);
  });
});
