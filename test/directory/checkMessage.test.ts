import { checkMessage } from "../../src/directory/checkMessage";
import type { Directory, DirectoryCallOptions, ListMembers } from "../../src/directory/Directory";
import { createGuardError } from "../../src/core/errors";
import type { ListExpansion } from "../../src/core/types";
import { counted, list, message, policy } from "../fixtures/builders";

/** A Directory double: answers from a table of lists and members, and records every call. */
class TableDirectory implements Directory {
  readonly calls: string[] = [];
  constructor(
    private readonly lists: Record<string, { expansion: ListExpansion; members?: string[] }>,
    private readonly behaviour: { hang?: boolean; fail?: boolean } = {},
  ) {}

  expandLists(addresses: readonly string[], options?: DirectoryCallOptions): Promise<ListExpansion[]> {
    this.calls.push(`expand ${addresses.join(",")}`);
    if (this.behaviour.fail) return Promise.reject(createGuardError("graph_unavailable"));
    if (this.behaviour.hang) return new Promise(() => undefined);
    void options;
    return Promise.resolve(addresses.map((a) => this.lists[a]?.expansion ?? { address: a, people: { lower: 0, upper: Infinity }, external: { lower: 0, upper: Infinity }, source: "unknown" }));
  }

  listMembers(address: string, options: DirectoryCallOptions & { budget: number }): Promise<ListMembers> {
    this.calls.push(`members ${address}`);
    const members = this.lists[address]?.members ?? [];
    return Promise.resolve({ members: members.slice(0, options.budget), complete: members.length <= options.budget, external: [] });
  }
}

const range = (prefix: string, from: number, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}${from + i}@contoso.com`);

describe("checkMessage", () => {
  it("asks once for a list named in To, Cc and Bcc, however its address is written", async () => {
    const directory = new TableDirectory({ "all@contoso.com": { expansion: counted("all@contoso.com", 840) } });
    const result = await checkMessage({
      message: message({ to: [list("all@contoso.com")], cc: [list("All@Contoso.com")], bcc: [list(" all@contoso.com ")] }),
      policy: policy(),
      directory,
    });
    expect(directory.calls).toEqual(["expand all@contoso.com"]);
    expect(result.verdict.audience.total).toEqual({ lower: 840, upper: 840 });
    expect(result.verdict.audience.lists.map((l) => l.fields)).toEqual([["to", "cc", "bcc"]]);
  });

  const overlapPolicy = policy({ limits: { new: { warnAbove: 350, blockAbove: 500 } }, bccAdvisedAbove: null });
  const overlap = (): TableDirectory =>
    new TableDirectory({
      "eng@contoso.com": { expansion: counted("eng@contoso.com", 400), members: range("e", 1, 400) },
      "platform@contoso.com": { expansion: counted("platform@contoso.com", 300), members: range("e", 101, 300) },
    });
  const overlapMessage = message({ to: [list("eng@contoso.com"), list("platform@contoso.com")] });

  it("makes no directory call when every recipient is known to be a person", async () => {
    const directory = overlap();
    const result = await checkMessage({ message: message({ to: [{ emailAddress: "a@contoso.com", recipientType: "user" }] }), policy: policy(), directory });
    expect(directory.calls).toEqual([]);
    expect(result.verdict.audience.total).toEqual({ lower: 1, upper: 1 });
  });

  it("enumerates smallest first when a limit falls inside the bounds, and stops when the answer is known", async () => {
    const directory = overlap();
    const result = await checkMessage({ message: overlapMessage, policy: overlapPolicy, directory });
    expect(directory.calls).toEqual(["expand eng@contoso.com,platform@contoso.com", "members platform@contoso.com", "members eng@contoso.com"]);
    expect(result.verdict.audience.total).toEqual({ lower: 400, upper: 400 });
    expect(result.verdict.action).toBe("warn");
    expect(result.lists.map((l) => l.source)).toEqual(["enumerated", "enumerated"]);
  });

  it("does not enumerate when the bounds already decide", async () => {
    const directory = overlap();
    await checkMessage({ message: overlapMessage, policy: policy({ limits: { new: { warnAbove: 100, blockAbove: 300 } }, bccAdvisedAbove: null }), directory });
    expect(directory.calls).toEqual(["expand eng@contoso.com,platform@contoso.com"]);
  });

  it("does not enumerate beyond the member budget, and keeps the bounds", async () => {
    const directory = overlap();
    const result = await checkMessage({ message: overlapMessage, policy: overlapPolicy, directory, memberBudget: 100 });
    expect(directory.calls).toEqual(["expand eng@contoso.com,platform@contoso.com"]);
    expect(result.verdict.audience.total).toEqual({ lower: 400, upper: 700 });
  });

  it("uses what an earlier check learned and makes no directory call", async () => {
    const directory = overlap();
    const known = [counted("eng@contoso.com", 400), counted("platform@contoso.com", 300)];
    const result = await checkMessage({ message: overlapMessage, policy: policy({ bccAdvisedAbove: null }), directory, known });
    expect(directory.calls).toEqual([]);
    expect(result.verdict.audience.total.lower).toBe(400);
  });

  it("applies directoryFailure when the directory never answers before timeoutMs", async () => {
    const directory = new TableDirectory({}, { hang: true });
    const result = await checkMessage({ message: overlapMessage, policy: policy({ timeoutMs: 500, directoryFailure: "block" }), directory });
    expect(result.directoryFailure).toBe("directory_timeout");
    expect(result.verdict.action).toBe("block");
    expect(result.verdict.reasons.map((r) => r.code)).toEqual(["directory-failure"]);
    expect(result.elapsedMs).toBeLessThan(2_000);
  });

  it("turns a directory error into directory-failure with its code", async () => {
    const result = await checkMessage({ message: overlapMessage, policy: policy(), directory: new TableDirectory({}, { fail: true }) });
    expect(result.directoryFailure).toBe("graph_unavailable");
    expect(result.verdict.action).toBe("warn");
  });

  it("treats every list as unknown when there is no directory", async () => {
    const result = await checkMessage({ message: overlapMessage, policy: policy() });
    expect(result.verdict.reasons.map((r) => r.code)).toContain("unknown-list");
  });

  it("ends at once when the caller cancels", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await checkMessage({ message: overlapMessage, policy: policy(), directory: new TableDirectory({}, { hang: true }), signal: controller.signal });
    expect(result.directoryFailure).toBe("directory_aborted");
  });
});
