/** @jest-environment jsdom */
import { act, renderHook, waitFor } from "@testing-library/react";
import type { Fix } from "../../src/core/evaluate";
import { useAudienceCheck } from "../../src/taskpane/audienceCheck/useAudienceCheck";
import type { AudienceCheck, UseAudienceCheckOptions } from "../../src/taskpane/audienceCheck/useAudienceCheck.types";
import { list, person } from "../fixtures/builders";
import { FakeDirectory } from "./FakeDirectory";
import { FakeMailbox } from "./FakeMailbox";
import {
  everyone,
  organisationPolicy,
  pipelineCheck,
  replyToEveryone,
  scriptedCheck,
  smallNote,
  verdictFor,
} from "./scenarios";

/** Runs `fn` inside `act` and lets the promises it settles run their callbacks. */
async function settle(fn: () => unknown): Promise<void> {
  await act(async () => {
    fn();
    await Promise.resolve();
  });
}

const policyLoad = organisationPolicy();

function setup(options: Partial<UseAudienceCheckOptions> & { mailbox?: FakeMailbox; check?: AudienceCheck } = {}) {
  const mailbox = options.mailbox ?? new FakeMailbox({ snapshot: replyToEveryone });
  const directory = new FakeDirectory([everyone]);
  const check = options.check ?? pipelineCheck(directory);
  const hook = renderHook((props: UseAudienceCheckOptions) => useAudienceCheck(props), {
    initialProps: { policyLoad, ...options, mailbox, check },
  });
  return { mailbox, directory, check, ...hook };
}

/** Lets pending promise callbacks run (fake timers do not advance them). */
async function flush(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  });
}

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe("useAudienceCheck", () => {
  it("reads the message and checks it as soon as it mounts", async () => {
    const { result, mailbox } = setup();
    expect(result.current.status).toBe("loading");
    expect(result.current.checking).toBe(true);
    await flush();
    expect(mailbox.readSnapshotCalls).toBe(1);
    expect(result.current.status).toBe("ready");
    expect(result.current.checking).toBe(false);
    expect(result.current.verdict?.action).toBe("block");
    // Nestor may be in the list himself: between 840,000 and 840,001 people.
    expect(result.current.verdict?.audience.total).toEqual({ lower: 840_000, upper: 840_001 });
    expect(result.current.lists?.map((l) => l.source)).toEqual(["groupCounts"]);
    expect(result.current.snapshot).toEqual(replyToEveryone);
  });

  it("starts from the Smart Alert's verdict and replaces it with a fresh check", async () => {
    const initialVerdict = verdictFor(replyToEveryone, { lists: [everyone] });
    const check = scriptedCheck();
    const { result } = setup({ check, initialVerdict, initialDirectoryFailure: "directory_timeout" });
    expect(result.current.status).toBe("ready");
    expect(result.current.verdict).toBe(initialVerdict);
    expect(result.current.directoryFailure).toBe("directory_timeout");
    expect(result.current.checking).toBe(true);
    await flush();
    const fresh = verdictFor(smallNote);
    await settle(() => check.calls[0]?.result.resolve({ verdict: fresh }));
    expect(result.current.verdict).toBe(fresh);
    expect(result.current.directoryFailure).toBeUndefined();
  });

  it("checks again 300 ms after the recipients stop changing, once for a burst of changes", async () => {
    const check = scriptedCheck();
    const { result, mailbox } = setup({ check });
    await flush();
    await settle(() => check.calls[0]?.result.resolve({ verdict: verdictFor(replyToEveryone, { lists: [everyone] }) }));
    expect(check.calls).toHaveLength(1);

    act(() => mailbox.editRecipients({ cc: [person("kim@contoso.com")] }));
    expect(result.current.stale).toBe(true);
    expect(result.current.checking).toBe(true);
    act(() => jest.advanceTimersByTime(200));
    act(() => mailbox.editRecipients({ cc: [person("kim@contoso.com"), person("jo@contoso.com")] }));
    act(() => jest.advanceTimersByTime(299));
    await flush();
    expect(check.calls).toHaveLength(1);

    act(() => jest.advanceTimersByTime(1));
    await flush();
    expect(check.calls).toHaveLength(2);
    expect(check.calls[1]?.snapshot.cc.map((r) => r.emailAddress)).toEqual(["kim@contoso.com", "jo@contoso.com"]);
    const updated = verdictFor(smallNote);
    await settle(() => check.calls[1]?.result.resolve({ verdict: updated }));
    expect(result.current.verdict).toBe(updated);
    expect(result.current.stale).toBe(false);
  });

  it("lets the latest check win: an older one finishing later never overwrites it, and is cancelled", async () => {
    const check = scriptedCheck();
    const { result, mailbox } = setup({ check, debounceMs: 300 });
    await flush();
    const first = check.calls[0];
    act(() => mailbox.editRecipients({ to: [person("alex@contoso.com")] }));
    expect(first?.signal.aborted).toBe(true);
    act(() => jest.advanceTimersByTime(300));
    await flush();
    const second = check.calls[1];
    const newer = verdictFor(smallNote);
    const older = verdictFor(replyToEveryone, { lists: [everyone] });
    await settle(() => second?.result.resolve({ verdict: newer }));
    await settle(() => first?.result.resolve({ verdict: older }));
    expect(result.current.verdict).toBe(newer);

    // A manual re-check supersedes a running one the same way.
    act(() => void result.current.recheck());
    await flush();
    act(() => void result.current.recheck());
    await flush();
    expect(check.calls[2]?.signal.aborted).toBe(true);
    await settle(() => check.calls[3]?.result.resolve({ verdict: older }));
    await settle(() => check.calls[2]?.result.resolve({ verdict: newer }));
    expect(result.current.verdict).toBe(older);
  });

  it("applies a fix by setting exactly its recipients, then checks the changed message", async () => {
    const { result, mailbox, directory } = setup();
    await flush();
    const fix = result.current.verdict?.fixes.find((f) => f.code === "reply-to-sender-only") as Fix;
    expect(fix.set).toEqual({ to: [person("nestor@contoso.com", "Nestor")], cc: [], bcc: [] });

    let applied!: Promise<void>;
    act(() => {
      applied = result.current.applyFix(fix);
    });
    expect(result.current.fixStatus[fix.code]).toEqual({ state: "applying" });
    await act(async () => applied);
    expect(mailbox.setRecipientsCalls).toEqual([fix.set]);
    expect(result.current.fixStatus).toEqual({});
    expect(result.current.verdict?.action).toBe("allow");
    expect(result.current.verdict?.audience.total).toEqual({ lower: 1, upper: 1 });
    expect(directory.expandCalls).toEqual([["everyone@contoso.com"]]);

    // Outlook also reports the change; that check lands 300 ms later with the same answer.
    act(() => jest.advanceTimersByTime(300));
    await flush();
    expect(result.current.verdict?.action).toBe("allow");
    expect(result.current.stale).toBe(false);
  });

  it("keeps a failed fix's error and does not check again", async () => {
    const { result, mailbox } = setup();
    await flush();
    const fix = result.current.verdict?.fixes[0] as Fix;
    const reads = mailbox.readSnapshotCalls;
    mailbox.failNextSet = true;
    await act(async () => result.current.applyFix(fix));
    expect(result.current.fixStatus[fix.code]).toEqual({ state: "failed", code: "office_call_failed" });
    expect(mailbox.readSnapshotCalls).toBe(reads);
    expect(result.current.verdict?.action).toBe("block");
  });

  it("applies one fix at a time", async () => {
    const mailbox = new FakeMailbox({ snapshot: replyToEveryone });
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const setRecipients = jest.spyOn(mailbox, "setRecipients").mockImplementation(() => slow);
    const { result } = setup({ mailbox });
    await flush();
    const fix = result.current.verdict?.fixes[0] as Fix;
    let first!: Promise<void>;
    act(() => {
      first = result.current.applyFix(fix);
    });
    await act(async () => result.current.applyFix(fix));
    expect(setRecipients).toHaveBeenCalledTimes(1);
    release();
    await settle(() => first);
  });

  it("says so in plain terms when the recipients cannot be read, and recovers on retry", async () => {
    const mailbox = new FakeMailbox({ snapshot: replyToEveryone });
    mailbox.failNextRead = true;
    const { result } = setup({ mailbox });
    await flush();
    expect(result.current.status).toBe("failed");
    expect(result.current.problem).toEqual({ kind: "read", code: "office_call_failed" });
    await act(async () => result.current.recheck());
    expect(result.current.status).toBe("ready");
    expect(result.current.problem).toBeUndefined();
  });

  it("reports a check that throws as a failed check", async () => {
    const check: AudienceCheck = () => Promise.reject(new Error("boom"));
    const { result } = setup({ check });
    await flush();
    expect(result.current.problem).toEqual({ kind: "check", code: "unexpected" });
  });

  it("asks for sign-in when no token could be had without interaction", async () => {
    const directory = new FakeDirectory([everyone]);
    directory.failWith = "token_unavailable";
    const { result } = setup({ check: pipelineCheck(directory) });
    await flush();
    expect(result.current.directoryFailure).toBe("token_unavailable");
    expect(result.current.needsSignIn).toBe(true);
    expect(result.current.verdict?.reasons.map((r) => r.code)).toContain("directory-failure");
  });

  it("asks for sign-in when one list is unknown for want of a token", async () => {
    const mailbox = new FakeMailbox({ snapshot: { ...replyToEveryone, cc: [list("other@contoso.com")] } });
    const { result } = setup({ mailbox, check: pipelineCheck(new FakeDirectory([everyone], "token_unavailable")) });
    await flush();
    expect(result.current.directoryFailure).toBeUndefined();
    expect(result.current.needsSignIn).toBe(true);
  });

  it("does not ask for sign-in when the directory answered", async () => {
    const { result } = setup();
    await flush();
    expect(result.current.needsSignIn).toBe(false);
  });

  it("stops listening and cancels its work when unmounted", async () => {
    const check = scriptedCheck();
    const { mailbox, unmount } = setup({ check });
    await flush();
    expect(mailbox.listenerCount).toBe(1);
    act(() => mailbox.editRecipients({ to: [] }));
    unmount();
    expect(mailbox.listenerCount).toBe(0);
    expect(check.calls[0]?.signal.aborted).toBe(true);
    act(() => jest.advanceTimersByTime(1000));
    await flush();
    expect(check.calls).toHaveLength(1);
  });

  it("does not restart when given a new check function on each render", async () => {
    const { result, rerender, mailbox } = setup();
    await flush();
    rerender({ mailbox, policyLoad, check: pipelineCheck(new FakeDirectory([everyone])) });
    await flush();
    expect(mailbox.readSnapshotCalls).toBe(1);
    expect(result.current.status).toBe("ready");
  });

  it("unsubscribes even when the subscription resolves after unmount", async () => {
    const mailbox = new FakeMailbox({ snapshot: smallNote });
    const stop = jest.fn();
    let resolveSubscription!: (stop: () => void) => void;
    jest.spyOn(mailbox, "onRecipientsChanged").mockImplementation(() => new Promise((resolve) => (resolveSubscription = resolve)));
    const { unmount } = setup({ mailbox });
    unmount();
    await settle(() => resolveSubscription(stop));
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it("still checks once when the client cannot report recipient changes", async () => {
    const mailbox = new FakeMailbox({ snapshot: smallNote });
    jest.spyOn(mailbox, "onRecipientsChanged").mockRejectedValue(new Error("not supported"));
    const { result } = setup({ mailbox });
    await waitFor(() => expect(result.current.status).toBe("ready"));
  });
});
