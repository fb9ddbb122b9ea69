import { createGuardError } from "../../src/core/errors";
import type { Policy } from "../../src/core/policy";
import type { ListExpansion } from "../../src/core/types";
import { abortError } from "../../src/directory/abort";
import type { Directory, DirectoryCallOptions, ListMembers } from "../../src/directory/Directory";
import type { PolicyLoad } from "../../src/office/loadPolicy";
import type { CompletableEvent, SmartAlertCompletion } from "../../src/launchevent/completeOnce";
import { policy as buildPolicy } from "../fixtures/builders";

/** An Outlook event that records every `completed` call (the guard must make exactly one). */
export class FakeEvent implements CompletableEvent {
  readonly completions: (SmartAlertCompletion | undefined)[] = [];
  /** How many arguments each call had (`completed()` vs `completed(options)`). */
  readonly argumentCounts: number[] = [];

  completed(...args: [SmartAlertCompletion?]): void {
    this.argumentCounts.push(args.length);
    this.completions.push(args[0]);
  }

  /** The one completion; fails the test when there was not exactly one. */
  get only(): SmartAlertCompletion | undefined {
    if (this.completions.length !== 1) throw new Error(`event.completed was called ${this.completions.length} times`);
    return this.completions[0];
  }
}

export type DirectoryAnswer = ListExpansion | "hang" | Error;

/**
 * A Directory double: answers each list from a table, records every call, can fail the whole call
 * or never answer (then only the caller's signal ends the wait, as with the real adapter).
 */
export class FakeDirectory implements Directory {
  readonly calls: string[][] = [];
  failWith?: Error;
  hang = false;

  constructor(private readonly lists: Record<string, ListExpansion> = {}) {}

  expandLists(addresses: readonly string[], options: DirectoryCallOptions = {}): Promise<ListExpansion[]> {
    this.calls.push(addresses.slice());
    if (this.failWith) return Promise.reject(this.failWith);
    if (this.hang) {
      return new Promise((_resolve, reject) => {
        options.signal?.addEventListener("abort", () => reject(abortError(options.signal as AbortSignal)), { once: true });
      });
    }
    return Promise.resolve(
      addresses.map(
        (address) =>
          this.lists[address] ?? { address, people: { lower: 0, upper: Infinity }, external: { lower: 0, upper: Infinity }, source: "unknown", errorCode: "graph_not_found" },
      ),
    );
  }

  listMembers(_address: string, _options: DirectoryCallOptions & { budget: number }): Promise<ListMembers> {
    return Promise.reject(createGuardError("graph_not_found"));
  }
}

/**
 * A policy loader that, as the real one does, tells `seen` the policy's text, and answers as soon as
 * `ready` (the domain data of that text) is in: the organisation's policy, or the defaults with a
 * reason; it rejects when `ready` rejects.
 */
export function policyLoader(
  overrides: Record<string, unknown> = {},
  outcome: Partial<PolicyLoad> = {},
): (options?: { ready?: (texts: readonly string[]) => Promise<void>; seen?: (text: string) => void }) => Promise<PolicyLoad> {
  const policy: Policy = buildPolicy(overrides);
  const text = JSON.stringify(overrides);
  return (options) => {
    options?.seen?.(text);
    return (options?.ready?.([text]) ?? Promise.resolve()).then(() => ({ policy, source: "organisation", ...outcome }));
  };
}
