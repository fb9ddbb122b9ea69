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
  /** Older spelling of `userType: "Guest"`. */
  guest: z.boolean().optional(),
  /**
   * Entra's `userType`. A Guest is external whatever its domain; a Member outside `tenantDomains`
   * is a mail user or a user synced from another tenant: still external. Default: Guest when
   * `guest: true` or outside the tenant domains, else Member.
   */
  userType: z.enum(["Member", "Guest"]).optional(),
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

/** What kind of group (resources/groups-overview): how Graph reports it and what it may hold. */
export const GROUP_TYPES = ["distribution", "security", "unified"] as const;
export type GroupType = (typeof GROUP_TYPES)[number];

const GroupSpecSchema = z.strictObject({
  mail: Address,
  displayName: z.string().optional(),
  /**
   * "distribution" (default): `groupTypes: []`, mail-enabled, not security-enabled.
   * "security": a mail-enabled security group. "unified": a Microsoft 365 group, users only.
   */
  type: z.enum(GROUP_TYPES, { error: 'expected "distribution", "security" or "unified"' }).optional(),
  /** Other addresses of the list (`proxyAddresses` as `smtp:`); `mail` is the primary one. */
  aliases: z.array(Address).optional(),
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
  /**
   * `User.Read.All` (or `User.ReadBasic.All` for `mail`): false lists user members with limited
   * information, `@odata.type` and `id` only, every other property null.
   */
  users: z.boolean().optional(),
  /** `OrgContact.Read.All`: false lists contacts with limited information. */
  contacts: z.boolean().optional(),
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
    checkUserTypes(spec, ctx);
    checkGroupTypes(spec, ctx);
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
  /**
   * The identity service's resource-unit quota of this application in this tenant, per 10 seconds
   * (concepts/throttling-limits.md: 3,500 under 50 users, 5,000 up to 500, 8,000 above). @default 8000
   */
  resourceUnitBudget: z.number().int().min(1).max(1_000_000).optional(),
  /** The Outlook service's requests per app and mailbox per 10 minutes (getMailTips). @default 10000 */
  mailTipsRequestBudget: z.number().int().min(1).max(1_000_000).optional(),
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
  users?: UserSpec[] | undefined;
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
  spec.groups?.forEach((group, g) =>
    group.aliases?.forEach((alias, a) => {
      const key = alias.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["groups", g, "aliases", a], message: `${alias} is already declared at ${first}` });
      else seen.set(key, `groups[${g}].aliases[${a}]`);
    }),
  );
}

/** `guest` and `userType` must not contradict each other. */
function checkUserTypes(spec: Spec, ctx: Ctx): void {
  spec.users?.forEach((user, index) => {
    if (user.guest === undefined || user.userType === undefined) return;
    if (user.guest !== (user.userType === "Guest")) {
      ctx.addIssue({ code: "custom", path: ["users", index, "userType"], message: `userType "${user.userType}" contradicts guest: ${String(user.guest)}` });
    }
  });
}

/**
 * What each kind of group may hold (concepts/includes/groups-allowed-member-types.md): a Microsoft
 * 365 group holds users only, so a contact or a nested group in one is an impossible tenant. A
 * dynamic distribution group is a distribution group.
 */
function checkGroupTypes(spec: Spec, ctx: Ctx): void {
  const contacts = new Set((spec.contacts ?? []).map((c) => c.mail.toLowerCase()));
  const groups = new Set<string>();
  for (const group of spec.groups ?? []) {
    groups.add(group.mail.toLowerCase());
    for (const alias of group.aliases ?? []) groups.add(alias.toLowerCase());
  }
  spec.groups?.forEach((group, g) => {
    if (group.dynamic === true && (group.type ?? "distribution") !== "distribution") {
      ctx.addIssue({ code: "custom", path: ["groups", g, "dynamic"], message: `a dynamic distribution group cannot be of type "${group.type}"` });
    }
    if (group.type !== "unified") return;
    group.members?.forEach((member, m) => {
      const key = member.toLowerCase();
      const what = contacts.has(key) ? "a contact" : groups.has(key) ? "a group" : undefined;
      if (what) ctx.addIssue({ code: "custom", path: ["groups", g, "members", m], message: `a unified (Microsoft 365) group holds users only, not ${what} (${member})` });
    });
  });
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
    group.aliases?.forEach((alias, a) => {
      const hit = patterns.find((p) => matchAddress(p.pattern, alias) !== undefined);
      if (hit) ctx.addIssue({ code: "custom", path: ["groups", g, "aliases", a], message: `a group address cannot be generated by ${hit.pattern.text}` });
    });
  });
}
