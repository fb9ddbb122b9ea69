/**
 * Realistic verdicts and checks for the task-pane tests, built with the real engine (`evaluate`,
 * `checkMessage`) from the shared builders rather than written out by hand.
 */
import type { Verdict } from "../../src/core/evaluate";
import { evaluate } from "../../src/core/evaluate";
import type { Policy } from "../../src/core/policy";
import type { ListExpansion, MessageSnapshot } from "../../src/core/types";
import { checkMessage } from "../../src/directory/checkMessage";
import type { Directory } from "../../src/directory/Directory";
import type { AudienceCheck } from "../../src/taskpane/audienceCheck/useAudienceCheck.types";
import type { PolicyLoad } from "../../src/office/loadPolicy";
import { bounded, counted, list, message, person, policy } from "../fixtures/builders";

/** The incident: a reply to the boss and to a list of 840,000. */
export const replyToEveryone: MessageSnapshot = message({
  composeType: "reply",
  to: [person("nestor@contoso.com", "Nestor"), list("everyone@contoso.com", "Everyone")],
  originalSender: "nestor@contoso.com",
});
export const everyone: ListExpansion = counted("everyone@contoso.com", 840_000, 0, "Everyone");

/** A list known only from mail tips: at least 840,000, possibly out of date. */
export const staleEveryone: ListExpansion = { ...bounded("everyone@contoso.com", { lower: 840_000, upper: Number.POSITIVE_INFINITY }), mayBeStale: true };

/** A small new message inside the organisation. */
export const smallNote: MessageSnapshot = message({ to: [person("alex@contoso.com"), person("lee@contoso.com")] });

/** A new message to outsiders of every kind: blocked, look-alike, trusted, plain external. */
export const mixedOutsiders: MessageSnapshot = message({
  to: [person("alex@contoso.com"), person("friend@gmail.com"), person("billing@c0ntoso.com")],
  cc: [person("pat@partner.org"), person("sam@example.org")],
});
export const outsidersPolicy: Policy = policy({ trustedDomains: ["partner.org"], blockedDomains: ["gmail.com"] });

export const defaultPolicy: Policy = policy();

export function verdictFor(snapshot: MessageSnapshot, options: { policy?: Policy; lists?: ListExpansion[]; locale?: string } = {}): Verdict {
  return evaluate({ message: snapshot, policy: options.policy ?? defaultPolicy, lists: options.lists ?? [], locale: options.locale });
}

export function organisationPolicy(p: Policy = defaultPolicy): PolicyLoad {
  return { policy: p, source: "organisation" };
}

/** The `check` index.tsx builds: the real pipeline over a directory double. */
export function pipelineCheck(directory: Directory, p: Policy = defaultPolicy, locale = "en-US"): AudienceCheck {
  return (snapshot, { signal }) => checkMessage({ message: snapshot, policy: p, directory, locale, signal });
}

/** A deferred promise, to decide in a test when a check finishes. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A check that records each call and lets the test finish them in any order. */
export function scriptedCheck(): AudienceCheck & { calls: { snapshot: MessageSnapshot; signal: AbortSignal; result: Deferred<{ verdict: Verdict }> }[] } {
  const calls: { snapshot: MessageSnapshot; signal: AbortSignal; result: Deferred<{ verdict: Verdict }> }[] = [];
  const check = (snapshot: MessageSnapshot, { signal }: { signal: AbortSignal }) => {
    const result = deferred<{ verdict: Verdict }>();
    calls.push({ snapshot, signal, result });
    return result.promise;
  };
  return Object.assign(check, { calls });
}
