import { createGuardError, isGuardError } from "../../src/core/errors";
import { abortableSleep, backoffDelayMs, DEFAULT_RETRY, resolveRetryPolicy, withRetry, type RetryPolicy } from "../../src/directory/retry";

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { slept: number[] } {
  const slept: number[] = [];
  return {
    attempts: 3,
    baseDelayMs: 200,
    maxDelayMs: 2000,
    random: () => 0.5,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    ...overrides,
    slept,
  };
}

const throttled = (retryAfterMs?: number) =>
  createGuardError("graph_throttled", { details: retryAfterMs === undefined ? { status: 429 } : { status: 429, retryAfterMs } });
const judge = {
  retryable: (e: unknown) => isGuardError(e) && e.code === "graph_throttled",
  retryAfterMs: (e: unknown) => (isGuardError(e) && typeof e.details.retryAfterMs === "number" ? e.details.retryAfterMs : undefined),
};

describe("backoffDelayMs", () => {
  it.each([
    // retry, random, expected: random × min(max, base × 2^(retry−1))
    [1, 0, 0],
    [1, 0.5, 100],
    [1, 0.999, 199],
    [2, 0.5, 200],
    [3, 0.5, 400],
    [4, 1, 1600],
    [5, 0.999, 1998], // 3200 capped at 2000
    [30, 0.5, 1000], // far beyond the cap: still capped, no overflow
  ])("retry %i with random %p waits %i ms (full jitter, capped)", (retry, random, expected) => {
    expect(backoffDelayMs(retry, { baseDelayMs: 200, maxDelayMs: 2000, random: () => random })).toBe(expected);
  });

  it("uses a readable Retry-After instead of jitter, capped by maxDelayMs", () => {
    const p = { baseDelayMs: 200, maxDelayMs: 2000, random: () => 0.5 };
    expect(backoffDelayMs(1, p, 1500)).toBe(1500);
    expect(backoffDelayMs(1, p, 30_000)).toBe(2000);
    expect(backoffDelayMs(1, p, -5)).toBe(0);
  });

  it("tolerates a random source that leaves [0, 1)", () => {
    const p = { baseDelayMs: 200, maxDelayMs: 2000 };
    expect(backoffDelayMs(1, { ...p, random: () => 7 })).toBe(200);
    expect(backoffDelayMs(1, { ...p, random: () => Number.NaN })).toBe(0);
  });
});

describe("resolveRetryPolicy", () => {
  it("defaults to 3 attempts, 200 ms base, 2,000 ms cap", () => {
    const p = resolveRetryPolicy();
    expect([p.attempts, p.baseDelayMs, p.maxDelayMs]).toEqual([DEFAULT_RETRY.attempts, 200, 2000]);
  });

  it("replaces nonsense with defaults and keeps sensible values", () => {
    const p = resolveRetryPolicy({ attempts: 0, baseDelayMs: -1, maxDelayMs: Number.NaN });
    expect([p.attempts, p.baseDelayMs, p.maxDelayMs]).toEqual([3, 200, 2000]);
    const q = resolveRetryPolicy({ attempts: 5, baseDelayMs: 10, maxDelayMs: 50 });
    expect([q.attempts, q.baseDelayMs, q.maxDelayMs]).toEqual([5, 10, 50]);
  });
});

describe("withRetry", () => {
  it("retries retryable failures with growing jittered delays, then succeeds", async () => {
    const p = policy();
    let calls = 0;
    const result = await withRetry(
      () => {
        calls += 1;
        return calls < 3 ? Promise.reject(throttled()) : Promise.resolve("ok");
      },
      p,
      judge,
    );
    expect(result).toBe("ok");
    expect(calls).toBe(3);
    expect(p.slept).toEqual([100, 200]);
  });

  it("gives up after `attempts` tries with the last failure", async () => {
    const p = policy({ attempts: 2 });
    let calls = 0;
    const attempt = withRetry(
      () => {
        calls += 1;
        return Promise.reject(throttled());
      },
      p,
      judge,
    );
    await expect(attempt).rejects.toMatchObject({ code: "graph_throttled" });
    expect(calls).toBe(2);
    expect(p.slept).toHaveLength(1);
  });

  it("does not retry what the judge refuses", async () => {
    const p = policy();
    let calls = 0;
    const attempt = withRetry(
      () => {
        calls += 1;
        return Promise.reject(createGuardError("graph_forbidden", { details: { status: 403 } }));
      },
      p,
      judge,
    );
    await expect(attempt).rejects.toMatchObject({ code: "graph_forbidden" });
    expect(calls).toBe(1);
    expect(p.slept).toEqual([]);
  });

  it("honours a readable Retry-After, capped", async () => {
    const p = policy();
    let calls = 0;
    await withRetry(
      () => {
        calls += 1;
        return calls === 1 ? Promise.reject(throttled(60_000)) : Promise.resolve(1);
      },
      p,
      judge,
    );
    expect(p.slept).toEqual([2000]);
  });

  it("ends a backoff when the signal fires, as directory_timeout for a deadline", async () => {
    const controller = new AbortController();
    const p = policy({
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener("abort", () => reject(new Error("slept through abort")));
          controller.abort(new DOMException("deadline", "TimeoutError"));
        }),
    });
    const attempt = withRetry(() => Promise.reject(throttled()), p, judge, controller.signal);
    await expect(attempt).rejects.toMatchObject({ code: "directory_timeout" });
  });

  it("does not start when the signal has already fired", async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    const attempt = withRetry(
      () => {
        calls += 1;
        return Promise.resolve(1);
      },
      policy(),
      judge,
      controller.signal,
    );
    await expect(attempt).rejects.toMatchObject({ code: "directory_aborted" });
    expect(calls).toBe(0);
  });
});

describe("abortableSleep", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("resolves after the delay", async () => {
    let done = false;
    const sleeping = abortableSleep(500).then(() => {
      done = true;
    });
    jest.advanceTimersByTime(499);
    await Promise.resolve();
    expect(done).toBe(false);
    jest.advanceTimersByTime(1);
    await sleeping;
    expect(done).toBe(true);
  });

  it("rejects at once when the signal fires, without waiting for the delay", async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort(new DOMException("deadline", "TimeoutError"));
    await expect(sleeping).rejects.toMatchObject({ code: "directory_timeout" });
    expect(jest.getTimerCount()).toBe(0);
  });

  it("rejects when the signal has already fired", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(abortableSleep(10, controller.signal)).rejects.toMatchObject({ code: "directory_aborted" });
  });
});
