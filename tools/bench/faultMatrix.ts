/**
 * The fault matrix (issue "Nothing unknown is ever silent"): a generated table of scenarios run
 * through the real pipeline — the real GraphDirectory against the fake Graph server on loopback, the
 * real check — once without faults and once under each fault: 429, 500, 503 and 504 that never end,
 * requests that never answer, and refused permissions, on each endpoint, at deadlines from 500 to
 * 10,000 ms. The rule it holds (`judgeFaulted`): under a fault the verdict is the fault-free verdict,
 * or it carries a `directory-failure` reason and is at least as strict as the policy's
 * `directoryFailure` — whatever that is, `allow` included (the verdict then records why it allowed).
 *
 * Used by test/directory/faultMatrix.test.ts (every case must hold) and by `npm run bench` (its size
 * and its worst deadline overrun).
 */
import type { Verdict } from "../../src/core/evaluate";
import { evaluate } from "../../src/core/evaluate";
import type { Policy, PolicyAction } from "../../src/core/policy";
import { validatePolicy } from "../../src/core/policy";
import type { MessageSnapshot } from "../../src/core/types";
import { checkMessage } from "../../src/directory/checkMessage";
import { GraphDirectory } from "../../src/directory/GraphDirectory";
import { StaticTokenProvider } from "../../src/directory/StaticTokenProvider";
import type { FakeGraphServer } from "../fake-graph/FakeGraphServer";
import { startFakeGraph } from "../fake-graph/FakeGraphServer";
import type { DirectorySpec, NetworkSpec } from "../fake-graph/types";

/** A message, a policy and a tenant whose fault-free verdict the faults are measured against. */
interface BaseScenario {
  name: string;
  policy: Record<string, unknown>;
  message: MessageSnapshot;
  directory: DirectorySpec;
}

const CONTOSO = ["contoso.com"];
const person = (emailAddress: string) => ({ emailAddress, recipientType: "user" as const });
const listTo = (emailAddress: string, recipientType: "distributionList" | "other" = "distributionList") => ({ emailAddress, recipientType });
const message = (composeType: MessageSnapshot["composeType"], to: MessageSnapshot["to"]): MessageSnapshot => ({ composeType, from: "megan@contoso.com", to, cc: [], bcc: [] });

export const BASE_SCENARIOS: readonly BaseScenario[] = [
  {
    name: "reply-all to 840,000",
    policy: {},
    message: message("replyAll", [person("nestor@contoso.com"), listTo("everyone@contoso.com")]),
    directory: {
      tenantDomains: CONTOSO,
      users: [{ mail: "nestor@contoso.com" }],
      groups: [{ mail: "everyone@contoso.com", members: ["nestor@contoso.com"], generate: [{ pattern: "staff{n}@contoso.com", from: 1, count: 840_000 }] }],
    },
  },
  {
    name: "a stranger's guest inside a list, external blocks",
    policy: { trustedDomains: ["fabrikam.example"], external: "block" },
    message: message("new", [listTo("px@contoso.com")]),
    directory: {
      tenantDomains: CONTOSO,
      users: [{ mail: "kim@fabrikam.example", userType: "Guest" }, { mail: "c@freelance.example", userType: "Guest" }],
      groups: [{ mail: "px@contoso.com", members: ["kim@fabrikam.example", "c@freelance.example"], generate: [{ pattern: "px{n}@contoso.com", from: 1, count: 9 }] }],
    },
  },
  {
    name: "small reply, allowed",
    policy: {},
    message: message("reply", [person("pat@contoso.com"), listTo("team@contoso.com")]),
    directory: { tenantDomains: CONTOSO, groups: [{ mail: "team@contoso.com", generate: [{ pattern: "t{n}@contoso.com", from: 1, count: 12 }] }] },
  },
  {
    name: "dynamic list sized by mail tips",
    policy: {},
    message: message("new", [listTo("managers@contoso.com")]),
    directory: { tenantDomains: CONTOSO, groups: [{ mail: "managers@contoso.com", dynamic: true, generate: [{ pattern: "m{n}@contoso.com", from: 1, count: 240 }] }] },
  },
  {
    name: "Microsoft 365 group typed other",
    policy: {},
    message: message("reply", [person("pat@contoso.com"), listTo("sales@contoso.com", "other")]),
    directory: { tenantDomains: CONTOSO, groups: [{ mail: "sales@contoso.com", type: "unified", generate: [{ pattern: "s{n}@contoso.com", from: 1, count: 60 }] }] },
  },
];

/** Where a fault strikes: a regular expression on the decoded request path (inner `$batch` requests too). */
const ENDPOINTS: readonly { name: string; path: string }[] = [
  { name: "getMailTips", path: "getMailTips" },
  { name: "group lookup", path: "/groups\\?" },
  { name: "user listing", path: "microsoft\\.graph\\.user\\?\\$count=true&\\$select" },
  { name: "guest listing", path: "userType eq 'Guest'" },
  { name: "contact listing", path: "orgContact" },
  { name: "every $batch", path: "\\$batch" },
];
const STATUSES = [429, 500, 503, 504] as const;
const TIMEOUTS = [500, 1_000, 3_000, 10_000];
/** Hangs last until the deadline: they run at the shortest deadlines to keep the table quick. */
const HANG_TIMEOUTS = [500, 750];
const CONSENTS: readonly { name: string; consent: NonNullable<DirectorySpec["consent"]> }[] = [
  { name: "403 on Mail.Read", consent: { mail: false } },
  { name: "403 on GroupMember.Read.All", consent: { groups: false } },
  { name: "403 on both", consent: { mail: false, groups: false } },
  { name: "users with limited information", consent: { users: false } },
  { name: "contacts with limited information", consent: { contacts: false } },
];
export const DIRECTORY_FAILURE_ACTIONS: readonly PolicyAction[] = ["allow", "warn", "block"];

export interface FaultCase {
  name: string;
  scenario: BaseScenario;
  network?: NetworkSpec;
  consent?: NonNullable<DirectorySpec["consent"]>;
  timeoutMs: number;
}

/** Every (scenario, fault) pair of the matrix; each is judged under every `directoryFailure`. */
export function faultCases(): FaultCase[] {
  const cases: FaultCase[] = [];
  let n = 0;
  for (const scenario of BASE_SCENARIOS) {
    for (const endpoint of ENDPOINTS) {
      for (const status of STATUSES) {
        const timeoutMs = TIMEOUTS[n++ % TIMEOUTS.length] ?? 3_000;
        cases.push({ name: `${scenario.name}: ${status} on ${endpoint.name}`, scenario, network: { faults: [{ path: endpoint.path, status, times: 1_000 }] }, timeoutMs });
      }
      const timeoutMs = HANG_TIMEOUTS[n++ % HANG_TIMEOUTS.length] ?? 500;
      cases.push({ name: `${scenario.name}: ${endpoint.name} hangs`, scenario, network: { hang: [endpoint.path] }, timeoutMs });
    }
    for (const { name, consent } of CONSENTS) {
      const timeoutMs = TIMEOUTS[n++ % TIMEOUTS.length] ?? 3_000;
      cases.push({ name: `${scenario.name}: ${name}`, scenario, consent, timeoutMs });
    }
  }
  return cases;
}

export interface FaultOutcome {
  name: string;
  directoryFailure: PolicyAction;
  faultFree: Verdict;
  verdict: Verdict;
  timeoutMs: number;
  elapsedMs: number;
  /** Why the case breaks the rule; absent when it holds. */
  problem?: string;
}

const SEVERITY: Record<PolicyAction, number> = { allow: 0, warn: 1, block: 2 };
const codes = (v: Verdict): string => v.reasons.map((r) => r.code).sort().join(",");

/**
 * The rule: the faulted verdict is the fault-free one (same action, same reasons), or it has a
 * `directory-failure` reason and an action at least as strict as `directoryFailure`. Returns what is
 * wrong, or `undefined`.
 */
export function judgeFaulted(faultFree: Verdict, faulted: Verdict, directoryFailure: PolicyAction): string | undefined {
  if (faulted.action === faultFree.action && codes(faulted) === codes(faultFree)) return undefined;
  if (!faulted.reasons.some((r) => r.code === "directory-failure")) {
    return `verdict ${faulted.action} [${codes(faulted)}] differs from the fault-free ${faultFree.action} [${codes(faultFree)}] without a directory-failure reason`;
  }
  if (SEVERITY[faulted.action] < SEVERITY[directoryFailure]) return `verdict ${faulted.action} is weaker than directoryFailure ${directoryFailure}`;
  return undefined;
}

function policyOf(input: Record<string, unknown>): Policy {
  const result = validatePolicy(input);
  if (!result.ok) throw new Error(`fault matrix policy invalid: ${JSON.stringify(result.problems)}`);
  return result.policy;
}

/** Runs one scenario through the real pipeline; the verdict under each `directoryFailure` comes from the same directory answers. */
async function run(
  server: FakeGraphServer,
  scenario: BaseScenario,
  spec: { network?: NetworkSpec; consent?: NonNullable<DirectorySpec["consent"]>; timeoutMs: number },
): Promise<{ verdicts: Map<PolicyAction, Verdict>; elapsedMs: number }> {
  server.load({ ...scenario.directory, ...(spec.consent ? { consent: spec.consent } : {}) }, spec.network);
  const policy = policyOf({ ...scenario.policy, timeoutMs: spec.timeoutMs });
  // Short backoffs keep the table quick; Retry-After (readable here, as inside $batch) still applies, capped.
  const directory = new GraphDirectory({ baseUrl: server.url, tokenProvider: new StaticTokenProvider("fault-matrix"), retry: { baseDelayMs: 20, maxDelayMs: 100 } });
  const result = await checkMessage({ message: scenario.message, policy, directory });
  const verdicts = new Map<PolicyAction, Verdict>();
  for (const directoryFailure of DIRECTORY_FAILURE_ACTIONS) {
    // directoryFailure changes nothing the directory is asked, only the decision: the pipeline's last step again.
    const judged = policyOf({ ...scenario.policy, timeoutMs: spec.timeoutMs, directoryFailure });
    verdicts.set(directoryFailure, evaluate({ message: scenario.message, policy: judged, lists: result.lists, ...(result.directoryFailure ? { directoryFailure: result.directoryFailure } : {}) }));
  }
  return { verdicts, elapsedMs: result.elapsedMs };
}

/** Runs the whole matrix on one fake Graph server; one outcome per case and `directoryFailure`. */
export async function runFaultMatrix(cases: readonly FaultCase[] = faultCases()): Promise<FaultOutcome[]> {
  const server = await startFakeGraph({ retryAfterSeconds: 0 });
  try {
    const faultFree = new Map<BaseScenario, Map<PolicyAction, Verdict>>();
    for (const scenario of BASE_SCENARIOS) faultFree.set(scenario, (await run(server, scenario, { timeoutMs: 10_000 })).verdicts);
    const outcomes: FaultOutcome[] = [];
    for (const c of cases) {
      const { verdicts, elapsedMs } = await run(server, c.scenario, c);
      for (const directoryFailure of DIRECTORY_FAILURE_ACTIONS) {
        const free = faultFree.get(c.scenario)?.get(directoryFailure);
        const verdict = verdicts.get(directoryFailure);
        if (!free || !verdict) throw new Error("fault matrix: a verdict is missing");
        const problem = judgeFaulted(free, verdict, directoryFailure);
        outcomes.push({ name: c.name, directoryFailure, faultFree: free, verdict, timeoutMs: c.timeoutMs, elapsedMs, ...(problem ? { problem } : {}) });
      }
    }
    return outcomes;
  } finally {
    await server.close();
  }
}

/** The fault-free verdicts of the base scenarios, for a test that they say what they are about. */
export async function faultFreeVerdicts(): Promise<Map<string, Verdict>> {
  const server = await startFakeGraph();
  try {
    const out = new Map<string, Verdict>();
    for (const scenario of BASE_SCENARIOS) {
      const verdict = (await run(server, scenario, { timeoutMs: 10_000 })).verdicts.get("warn");
      if (verdict) out.set(scenario.name, verdict);
    }
    return out;
  } finally {
    await server.close();
  }
}
