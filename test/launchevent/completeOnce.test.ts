import { createGuardError } from "../../src/core/errors";
import { SEND_HARD_DEADLINE_MS, completeOnce, type FallbackReason, type GuardScope, type SmartAlertCompletion } from "../../src/launchevent/completeOnce";
import { FakeEvent } from "./fakes";

const ALLOW: SmartAlertCompletion = { allowEvent: true };
const FALLBACK: SmartAlertCompletion = { allowEvent: false, errorMessage: "fallback" };

describe("completeOnce", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("completes once with the work's result", async () => {
    const event = new FakeEvent();
    await completeOnce(event, { run: () => Promise.resolve(ALLOW), fallback: () => FALLBACK, log: () => undefined });
    expect(event.completions).toEqual([ALLOW]);
  });

  it("calls completed() with no argument when the work resolves undefined", async () => {
    const event = new FakeEvent();
    await completeOnce(event, { run: () => Promise.resolve(undefined), fallback: () => FALLBACK, log: () => undefined });
    expect(event.argumentCounts).toEqual([0]);
  });

  it("turns a rejection into the fallback and logs its code", async () => {
    const event = new FakeEvent();
    const log = jest.fn();
    const fallback = jest.fn(() => FALLBACK);
    await completeOnce(event, { run: () => Promise.reject(createGuardError("graph_throttled")), fallback, log });
    expect(event.completions).toEqual([FALLBACK]);
    const [reason] = fallback.mock.calls[0] as unknown as [FallbackReason];
    expect(reason.kind === "error" && reason.error.code).toBe("graph_throttled");
    expect(log).toHaveBeenCalledWith("error:graph_throttled");
  });

  it("completes at once with the fallback in a runtime without AbortController, instead of hanging", async () => {
    const saved = globalThis.AbortController;
    // @ts-expect-error -- the runtime this test plays has none
    delete globalThis.AbortController;
    try {
      const event = new FakeEvent();
      const log = jest.fn();
      const run = jest.fn(() => Promise.resolve(ALLOW));
      await completeOnce(event, { run, fallback: () => FALLBACK, log });
      expect(event.completions).toEqual([FALLBACK]);
      expect(run).not.toHaveBeenCalled();
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/^error:/));
    } finally {
      globalThis.AbortController = saved;
    }
  });

  it("turns a synchronous throw into the fallback", async () => {
    const event = new FakeEvent();
    await completeOnce(event, {
      run: () => {
        throw new TypeError("boom");
      },
      fallback: () => FALLBACK,
      log: () => undefined,
    });
    expect(event.completions).toEqual([FALLBACK]);
  });

  it("completes with the fallback at the deadline when the work never ends, and ignores a late result", async () => {
    const event = new FakeEvent();
    let finishLate: (value: SmartAlertCompletion) => void = () => undefined;
    let scope: GuardScope | undefined;
    const done = completeOnce(event, {
      run: (s) => {
        scope = s;
        return new Promise((resolve) => (finishLate = resolve));
      },
      fallback: (reason) => (reason.kind === "deadline" ? FALLBACK : ALLOW),
      log: () => undefined,
    });
    await jest.advanceTimersByTimeAsync(SEND_HARD_DEADLINE_MS - 1);
    expect(event.completions).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    await done;
    expect(event.completions).toEqual([FALLBACK]);
    expect(scope?.signal.aborted).toBe(true);
    finishLate(ALLOW);
    await jest.runAllTimersAsync();
    expect(event.completions).toHaveLength(1);
  });

  it("brings the deadline forward with limitDeadline, never later", async () => {
    const event = new FakeEvent();
    const done = completeOnce(event, {
      run: (scope) => {
        scope.limitDeadline(1000);
        scope.limitDeadline(9000);
        expect(scope.remainingMs()).toBe(1000);
        return new Promise(() => undefined);
      },
      fallback: () => FALLBACK,
      log: () => undefined,
    });
    await jest.advanceTimersByTimeAsync(1000);
    await done;
    expect(event.completions).toEqual([FALLBACK]);
  });

  it("uses lastResort when the fallback itself throws", async () => {
    const event = new FakeEvent();
    await completeOnce(event, {
      run: () => Promise.reject(new Error("x")),
      fallback: () => {
        throw new Error("worse");
      },
      lastResort: ALLOW,
      log: () => undefined,
    });
    expect(event.completions).toEqual([ALLOW]);
  });

  it("does not call completed twice when completed throws", async () => {
    let calls = 0;
    const log = jest.fn();
    await completeOnce(
      {
        completed: () => {
          calls++;
          throw new Error("host gone");
        },
      },
      { run: () => Promise.resolve(ALLOW), fallback: () => FALLBACK, log },
    );
    await jest.runAllTimersAsync();
    expect(calls).toBe(1);
    expect(log).toHaveBeenCalledWith("completed_threw:unexpected");
  });
});
