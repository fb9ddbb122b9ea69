import { abortError, isTimeoutReason, linkedController, raceAbort } from "../../src/directory/abort";

describe("isTimeoutReason", () => {
  it.each([
    [new DOMException("signal timed out", "TimeoutError"), true],
    [new DOMException("This operation was aborted", "AbortError"), false],
    [new Error("Timeout after 300 ms"), true],
    ["time-out", true],
    ["user cancelled", false],
    [{ name: "TimeoutError" }, true],
    [undefined, false],
    [42, false],
  ])("%p → %p", (reason, expected) => {
    expect(isTimeoutReason(reason)).toBe(expected);
  });

  it("recognises AbortSignal.timeout's reason", async () => {
    const signal = AbortSignal.timeout(1);
    await new Promise((resolve) => signal.addEventListener("abort", resolve));
    expect(abortError(signal).code).toBe("directory_timeout");
  });
});

describe("raceAbort", () => {
  it("rejects as soon as the signal fires, even if the work never ends", async () => {
    const controller = new AbortController();
    const racing = raceAbort(new Promise<never>(() => undefined), controller.signal);
    controller.abort();
    await expect(racing).rejects.toMatchObject({ code: "directory_aborted" });
  });

  it("passes results and failures through", async () => {
    const controller = new AbortController();
    await expect(raceAbort(Promise.resolve(3), controller.signal)).resolves.toBe(3);
    await expect(raceAbort(Promise.reject(new Error("x")), controller.signal)).rejects.toThrow("x");
    await expect(raceAbort(Promise.resolve(4), undefined)).resolves.toBe(4);
  });
});

describe("linkedController", () => {
  it("fires with its parent and can fire alone", () => {
    const parent = new AbortController();
    const child = linkedController(parent.signal);
    const lone = linkedController(parent.signal);
    lone.abort("mine");
    expect(lone.signal.aborted).toBe(true);
    expect(parent.signal.aborted).toBe(false);
    parent.abort("deadline");
    expect(child.signal.reason).toBe("deadline");
    child.dispose();
  });
});
