import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Policy, PolicyProblem } from "../../src/core/policy";
import { validatePolicy } from "../../src/core/policy";
import type { MessageSnapshot } from "../../src/core/types";
import type { DirectorySpec, NetworkSpec } from "../fake-graph/types";
import { DirectorySpecSchema, NetworkSpecSchema } from "../fake-graph/types";

/**
 * A scenario file (CONTRACT.md §3, with §7's additions): a policy, a message, what the directory
 * knows (group kinds and aliases, user types, consent per kind of object) and how the network
 * behaves (faults, hangs, throttling budgets). The directory and network schemas are the fake Graph
 * server's own (tools/fake-graph/types.ts), so a scenario and the fake cannot disagree; every
 * problem is reported with its JSON path (`directory.groups[0].type`). Used by `guard check`, the
 * benchmark and the simulator.
 */
export interface Scenario {
  policy: Policy;
  message: MessageSnapshot;
  directory?: DirectorySpec;
  network?: NetworkSpec;
}

const RecipientSchema = z.strictObject({
  // Any string: an address that cannot be parsed is a finding of the check, not a broken scenario.
  emailAddress: z.string(),
  displayName: z.string().optional(),
  recipientType: z.enum(["user", "distributionList", "externalUser", "other"]).optional(),
});

const MessageSchema = z.strictObject({
  composeType: z.enum(["new", "reply", "replyAll", "forward"]),
  from: z.string().min(1),
  to: z.array(RecipientSchema).default([]),
  cc: z.array(RecipientSchema).default([]),
  bcc: z.array(RecipientSchema).default([]),
  originalSender: z.string().optional(),
});

const ScenarioShape = z.strictObject({
  policy: z.unknown().optional(),
  message: MessageSchema,
  directory: DirectorySpecSchema.optional(),
  network: NetworkSpecSchema.optional(),
});

export type ScenarioParse = { ok: true; scenario: Scenario } | { ok: false; problems: PolicyProblem[] };

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), "");
}

/** Validates a parsed scenario document; reports every problem with its JSON path. */
export function parseScenario(input: unknown): ScenarioParse {
  const problems: PolicyProblem[] = [];
  const shape = ScenarioShape.safeParse(input);
  if (!shape.success) {
    for (const issue of shape.error.issues) problems.push({ path: pathOf(issue.path), message: issue.message });
  }
  const policyInput = typeof input === "object" && input !== null && "policy" in input ? (input as { policy?: unknown }).policy : undefined;
  const policy = validatePolicy(policyInput ?? {});
  if (!policy.ok) for (const p of policy.problems) problems.push({ path: p.path ? `policy.${p.path}` : "policy", message: p.message });
  if (problems.length > 0 || !shape.success || !policy.ok) return { ok: false, problems };
  const { message, directory, network } = shape.data;
  return { ok: true, scenario: { policy: policy.policy, message, ...(directory ? { directory } : {}), ...(network ? { network } : {}) } };
}

/** Reads and validates a scenario file; a file that cannot be read or parsed is one problem. */
export async function loadScenario(file: string): Promise<ScenarioParse> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    return { ok: false, problems: [{ path: "", message: `cannot read ${file}: ${(error as Error).message}` }] };
  }
  try {
    return parseScenario(JSON.parse(text));
  } catch (error) {
    return { ok: false, problems: [{ path: "", message: `${file} is not valid JSON: ${(error as Error).message}` }] };
  }
}
