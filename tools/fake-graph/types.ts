import { z } from "zod";
import { isAddress, matchAddress, parsePattern, patternsMayCollide, type GeneratedPattern } from "./GeneratedPattern";

/**
 * The scenario's `directory` and `network` objects (CONTRACT.md §3), as zod schemas. Strict: an
 * unknown key is an error. Issue paths are relative to the object, so a scenario schema that embeds
 * these reports `directory.groups[0].mail`.
 */

/** Most generated members one `generate` entry may declare. */
export const MAX_GENERATED_COUNT = 10_000_000;

const Address = z.string().refine(isAddress, { message: "expected an email address such as name@example.org" });

const Domain = z
  .string()
  .regex(/^[^\s@.]+(?:\.[^\s@.]+)*$/, { message: "expected a domain such as example.org" });

const PersonSpecSchema = z.strictObject({
  mail: Address,
  displayName: z.string().optional(),
});

const UserSpecSchema = PersonSpecSchema.extend({
  /** A guest account (`userType: "Guest"`), external whatever its domain. */
  guest: z.boolean().optional(),
});

const GenerateSpecSchema = z.strictObject({
  pattern: z.string().superRefine((text, ctx) => {
    const parsed = parsePattern(text);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: `pattern ${parsed.problem}` });
  }),
  from: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER - MAX_GENERATED_COUNT),
  count: z.number().int().min(0).max(MAX_GENERATED_COUNT),
});

const MailTipsOverrideSchema = z.union([
  z.literal(false),
  z.strictObject({
    totalMemberCount: z.number().int().min(0),
    externalMemberCount: z.number().int().min(0),
  }),
]);

const GroupSpecSchema = z.strictObject({
  mail: Address,
  displayName: z.string().optional(),
  /** Users, contacts or groups, by address; an address declared nowhere is a user. */
  members: z.array(Address).optional(),
  generate: z.array(GenerateSpecSchema).optional(),
  /** Invisible to `/groups`; known to mail tips only. */
  dynamic: z.boolean().optional(),
  /** Stale or missing Exchange group metrics; default: direct members, a nested group counting as one. */
  mailTips: MailTipsOverrideSchema.optional(),
});

const ConsentSpecSchema = z.strictObject({
  /** `Mail.Read`: false makes getMailTips answer 403. */
  mail: z.boolean().optional(),
  /** `GroupMember.Read.All`: false makes /groups answer 403. */
  groups: z.boolean().optional(),
});

export const DirectorySpecSchema = z
  .strictObject({
    tenantDomains: z.array(Domain).optional(),
    users: z.array(UserSpecSchema).optional(),
    contacts: z.array(PersonSpecSchema).optional(),
    groups: z.array(GroupSpecSchema).optional(),
    consent: ConsentSpecSchema.optional(),
  })
  .superRefine((spec, ctx) => {
    checkUniqueAddresses(spec, ctx);
    checkPatterns(spec, ctx);
  });

const RegexSource = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `not a regular expression: ${(error as Error).message}` });
  }
});

const FaultSpecSchema = z.strictObject({
  /** Regular expression tested against the decoded request path and query (`/v1.0/groups?$filter=…`). */
  path: RegexSource,
  status: z.union([z.literal(429), z.literal(500), z.literal(503), z.literal(504)], { error: "expected 429, 500, 503 or 504" }),
  /** How many matching requests fail before they succeed. */
  times: z.number().int().min(0),
});

export const NetworkSpecSchema = z.strictObject({
  /** Added to every response, in milliseconds. */
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  faults: z.array(FaultSpecSchema).optional(),
  /** Regular expressions: matching requests never answer. */
  hang: z.array(RegexSource).optional(),
});

export type DirectorySpec = z.infer<typeof DirectorySpecSchema>;
export type NetworkSpec = z.infer<typeof NetworkSpecSchema>;
export type UserSpec = z.infer<typeof UserSpecSchema>;
export type ContactSpec = z.infer<typeof PersonSpecSchema>;
export type GroupSpec = z.infer<typeof GroupSpecSchema>;
export type FaultSpec = z.infer<typeof FaultSpecSchema>;
export type FaultStatus = FaultSpec["status"];

/** One schema problem as `path: message`, the path written like `groups[0].generate[1].pattern`. */
export function formatIssue(issue: { path: readonly PropertyKey[]; message: string }, root = ""): string {
  let path = root;
  for (const key of issue.path) path = typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${String(key)}` : String(key);
  return path ? `${path}: ${issue.message}` : issue.message;
}

type Ctx = z.RefinementCtx;
type Spec = {
  users?: { mail: string }[] | undefined;
  contacts?: { mail: string }[] | undefined;
  groups?: GroupSpec[] | undefined;
};

/** Users, contacts and groups share one address space: each address is declared once. */
function checkUniqueAddresses(spec: Spec, ctx: Ctx): void {
  const seen = new Map<string, string>();
  const visit = (list: { mail: string }[] | undefined, name: string): void => {
    list?.forEach((entry, index) => {
      const key = entry.mail.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: [name, index, "mail"], message: `${entry.mail} is already declared at ${first}` });
      else seen.set(key, `${name}[${index}]`);
    });
  };
  visit(spec.users, "users");
  visit(spec.contacts, "contacts");
  visit(spec.groups, "groups");
}

/**
 * Distinct patterns must not be able to generate the same address (one person would be two), and
 * no group may have an address a pattern generates (a generated member is always a user).
 */
function checkPatterns(spec: Spec, ctx: Ctx): void {
  const patterns: { pattern: GeneratedPattern; path: PropertyKey[] }[] = [];
  const seenKeys = new Set<string>();
  spec.groups?.forEach((group, g) =>
    group.generate?.forEach((entry, e) => {
      const parsed = parsePattern(entry.pattern);
      if (!parsed.ok || seenKeys.has(parsed.pattern.key)) return;
      seenKeys.add(parsed.pattern.key);
      patterns.push({ pattern: parsed.pattern, path: ["groups", g, "generate", e, "pattern"] });
    }),
  );
  for (let i = 0; i < patterns.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = patterns[i];
      const b = patterns[j];
      if (a && b && patternsMayCollide(a.pattern, b.pattern)) {
        ctx.addIssue({ code: "custom", path: a.path, message: `${a.pattern.text} and ${b.pattern.text} can generate the same address` });
      }
    }
  }
  spec.groups?.forEach((group, g) => {
    const clash = patterns.find((p) => matchAddress(p.pattern, group.mail) !== undefined);
    if (clash) ctx.addIssue({ code: "custom", path: ["groups", g, "mail"], message: `a group address cannot be generated by ${clash.pattern.text}` });
  });
}
