/**
 * The organisation's policy (CONTRACT.md §1): one zod schema is the single source for validation,
 * defaults, the resolved `Policy` and the JSON Schema administrators edit against.
 *
 * Validation never throws and reports every problem it can find in one pass: shape errors from the
 * schema, then contradictions (a domain both trusted and blocked, `blockAbove` below `warnAbove`,
 * duplicates) checked on whatever parts of the input are well-formed.
 */
import * as z from "zod/mini";
import { parseAddress } from "./address";
import { parseDomainPattern } from "./domains";
import { LOOKALIKE_MATCHES, type LookalikeMatch } from "./lookalike";

/** What a policy rule does when it applies. */
export type PolicyAction = "allow" | "warn" | "block";

/** What to do about a look-alike domain, by how it was found (src/core/lookalike.ts, `LookalikeMatch`). */
export type LookalikeActions = Readonly<Record<LookalikeMatch, PolicyAction>>;

/** The compose types that have their own limits; `replyAll` is judged as `reply`. */
export type LimitedComposeType = "new" | "reply" | "forward";

/** Thresholds on people reached; `null` = never. "warnAbove": N warns when more than N people. */
export interface LimitPair {
  readonly warnAbove: number | null;
  readonly blockAbove: number | null;
}

/** The fully resolved policy: every default applied, patterns and addresses in lower case. */
export interface Policy {
  readonly version: 1;
  /** Domain patterns of the organisation; empty means "the sender's own domain" (see `resolveInternalDomains`). */
  readonly internalDomains: readonly string[];
  /** External but fine (partners). */
  readonly trustedDomains: readonly string[];
  /** Any recipient here blocks the send. */
  readonly blockedDomains: readonly string[];
  /** People reached after expanding every list, To+Cc+Bcc, deduplicated. */
  readonly limits: Readonly<Record<LimitedComposeType, LimitPair>>;
  /** To+Cc expanded above this (new and forward only) advises Bcc; `null` = off. */
  readonly bccAdvisedAbove: number | null;
  readonly external: PolicyAction;
  /** Per kind of look-alike; the policy file may give one action for all (`"lookalike": "block"`). */
  readonly lookalike: LookalikeActions;
  readonly unknownList: PolicyAction;
  readonly directoryFailure: PolicyAction;
  /** Lower-case addresses whose sends are always allowed. */
  readonly exemptSenders: readonly string[];
  /** Hard deadline for the whole check, in milliseconds (500..10000). */
  readonly timeoutMs: number;
  readonly directory: {
    readonly graphBaseUrl: string;
    /** Entra app (client) id for nested app authentication; `null` = not configured. */
    readonly clientId: string | null;
    readonly mailTips: boolean;
    readonly groupCounts: boolean;
    /** Members of each kind read with a list's counts (small lists whole, else guests and contacts), 0..999. */
    readonly externalMemberBudget: number;
    /** The tenant list index IT's scheduled job publishes; `null` = none (docs/deploying.md). */
    readonly index: ListIndexSettings | null;
    /**
     * Hours a list's size, once learned, is reused for the person across messages (and Outlook
     * restarts where the client keeps storage) before it is asked again; 0 = off (0..720).
     */
    readonly listCacheHours: number;
  };
}

/** Where the tenant list index is served and how old an entry may be before Graph is asked instead. */
export interface ListIndexSettings {
  /** An https URL, or a path on the add-in's own origin starting with "/". */
  readonly url: string;
  /** Entries older than this many hours are ignored (1..720). */
  readonly maxAgeHours: number;
}

/** One thing wrong with a policy document. `path` is dotted/bracketed (`limits.reply.warnAbove`, `trustedDomains[2]`), "" for the root. */
export interface PolicyProblem {
  path: string;
  message: string;
}

/** The outcome of `validatePolicy`: a resolved policy, or every problem found. */
export type PolicyValidation = { ok: true; policy: Policy } | { ok: false; problems: PolicyProblem[] };

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The built-in defaults (CONTRACT.md §1). Frozen. */
export const DEFAULT_POLICY: Policy = deepFreeze({
  version: 1,
  internalDomains: [],
  trustedDomains: [],
  blockedDomains: [],
  limits: {
    new: { warnAbove: 100, blockAbove: null },
    reply: { warnAbove: 25, blockAbove: 1000 },
    forward: { warnAbove: 100, blockAbove: null },
  },
  bccAdvisedAbove: 100,
  external: "warn",
  // Block what looks the same or carries the whole domain; warn on what is only near: another public
  // suffix for the same name, a keystroke from a short name, the name with a word added.
  lookalike: { visual: "block", embedded: "block", split: "block", typo: "block", shortTypo: "warn", suffix: "warn", word: "warn" },
  unknownList: "warn",
  directoryFailure: "warn",
  exemptSenders: [],
  timeoutMs: 3000,
  directory: {
    graphBaseUrl: "https://graph.microsoft.com/v1.0",
    clientId: null,
    mailTips: true,
    groupCounts: true,
    externalMemberBudget: 300,
    index: null,
    listCacheHours: 24,
  },
});

/** `directory.index.maxAgeHours` when the key is left out. */
export const DEFAULT_INDEX_MAX_AGE_HOURS = 24;

/** The `$id` of the generated JSON Schema unless the caller names another (e.g. the add-in's own URL). */
export const POLICY_SCHEMA_ID = "urn:audience-guard:policy-schema:v1";

// ---------------------------------------------------------------------------------------------
// Domain patterns and addresses are checked by the same parsers the engine uses (./domains, ./address),
// so a pattern the policy accepts is exactly a pattern the check understands.

/** Shows a piece of the input in a message without letting a huge value flood it. */
function quote(text: string, max = 60): string {
  const chars = Array.from(text);
  return JSON.stringify(chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text);
}

/**
 * Checks a domain pattern: `example.org` (exactly that domain) or `*.example.org` (any subdomain,
 * not the domain itself). Unicode labels are allowed. Returns the whole problem message (naming the
 * pattern), or `undefined` when the pattern is fine. `allowAnySuffix` lets a wildcard stand over a
 * public suffix (`*.ru`), which makes sense for blocking and never for trusting.
 */
export function checkDomainPattern(text: string, options: { allowAnySuffix?: boolean } = {}): string | undefined {
  const parsed = parseDomainPattern(text, options);
  return parsed.ok ? undefined : parsed.problem;
}

/** The form in which two patterns are compared for duplicates and contradictions, and kept in the resolved policy. */
function canonicalPattern(text: string): string {
  const parsed = parseDomainPattern(text, { allowAnySuffix: true });
  return parsed.ok ? parsed.pattern.text : text.normalize("NFC").toLowerCase();
}

/** Checks an e-mail address (`local@domain`); returns what is wrong, or `undefined`. */
function checkEmailAddress(text: string): string | undefined {
  return parseAddress(text) ? undefined : `expected an e-mail address like comms@example.org, not ${quote(text)}`;
}

// ---------------------------------------------------------------------------------------------
// The schema.

const LIMIT_MESSAGE = "expected a whole number ≥ 0 or null";
const ACTION_MESSAGE = 'expected "allow", "warn" or "block"';
const BOOLEAN_MESSAGE = "expected true or false";
/**
 * Microsoft Graph's own endpoints (CONTRACT.md §7; learn.microsoft.com/graph/deployments): the add-in
 * sends staff's Graph tokens to this URL, so a policy may name no other. Tools reach the loopback fake
 * by handing the adapter its URL directly, never through the policy.
 */
export const GRAPH_BASE_URLS = [
  "https://graph.microsoft.com/v1.0",
  "https://graph.microsoft.us/v1.0",
  "https://dod-graph.microsoft.us/v1.0",
  "https://microsoftgraph.chinacloudapi.cn/v1.0",
] as const;
const GRAPH_URL_MESSAGE = `expected one of Microsoft Graph's endpoints, ${GRAPH_BASE_URLS.map((u) => JSON.stringify(u)).join(", ")}: the add-in sends staff's Graph tokens there`;
const CLIENT_ID_MESSAGE = 'expected an application (client) ID like "00000000-0000-0000-0000-000000000000", or null';
const INDEX_URL_MESSAGE =
  'expected an https:// URL (no user name or password) or a path on the add-in\'s own origin starting with "/", such as "/list-index/"';
const INDEX_AGE_MESSAGE = "expected a whole number of hours from 1 to 720";
const LIST_CACHE_MESSAGE = "expected a whole number of hours from 0 (off) to 720";
const INDEX_MESSAGE = 'expected null or an object like { "url": "/list-index/", "maxAgeHours": 24 }';
const TIMEOUT_MESSAGE = "expected a whole number of milliseconds from 500 to 10000";
const BUDGET_MESSAGE = "expected a whole number of members from 0 to 999";


/** An https URL without credentials or fragment, http on a loopback host, or a root-relative path (not "//…"). */
const INDEX_URL_PATTERN =
  /^(?:(?:https:\/\/[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]|http:\/\/(?:localhost|127\.0\.0\.1|\[::1\]))(?::[0-9]{1,5})?(?:\/[^\s#@]*)?|\/(?!\/)[^\s#]*)$/;

/** Attaches JSON Schema metadata (`description`, …); the functional counterpart of `.meta()`. */
function meta<T extends z.core.$ZodType>(schema: T, data: z.core.GlobalMeta): T {
  z.globalRegistry.add(schema, data);
  return schema;
}

const peopleLimit = () => z.nullable(z.int({ error: LIMIT_MESSAGE }).check(z.minimum(0, { error: LIMIT_MESSAGE })));
const policyAction = () => z.enum(["allow", "warn", "block"], { error: ACTION_MESSAGE });

/** What each kind of look-alike is, for the JSON Schema's descriptions and docs/policy.md. */
const LOOKALIKE_MATCH_DESCRIPTIONS: Readonly<Record<LookalikeMatch, string>> = {
  visual: "Looks the same (nhѕ.net, c0nt0s0.com).",
  embedded: "The whole domain inside another (nhs.net-secure.com).",
  split: "The name cut by dots or hyphens (micro.soft.com).",
  typo: "A typo of a name of 5+ letters (contsoo.com).",
  shortTypo: "A keystroke from a name of 4 letters or fewer (nhs.ner).",
  suffix: "The name under another suffix (nhs.scot, contoso.org).",
  word: "The name with a word added (nhs-login.net).",
};

const LOOKALIKE_OBJECT_MESSAGE = `expected "allow", "warn" or "block" for every kind, or an object with any of ${LOOKALIKE_MATCHES.map((m) => JSON.stringify(m)).join(", ")}`;

/** `"lookalike"`: one action for every kind, or an object giving some kinds their own (the others keep their defaults). */
const LookalikeSchema = meta(
  z._default(
    z.union(
      [
        policyAction(),
        z.strictObject(
          Object.fromEntries(
            LOOKALIKE_MATCHES.map((m) => [m, meta(z._default(policyAction(), DEFAULT_POLICY.lookalike[m]), { description: LOOKALIKE_MATCH_DESCRIPTIONS[m] })]),
          ) as Record<LookalikeMatch, z.ZodMiniDefault<ReturnType<typeof policyAction>>>,
          { error: LOOKALIKE_OBJECT_MESSAGE },
        ),
      ],
      { error: LOOKALIKE_OBJECT_MESSAGE },
    ),
    { ...DEFAULT_POLICY.lookalike },
  ),
  {
    description:
      'An external domain imitating an internal or trusted one: one action for every kind, or an object by kind ({ "suffix": "block" }; the others keep their defaults).',
  },
);

const domainPattern = (allowAnySuffix: boolean) =>
  z.string({ error: 'expected a domain pattern in quotes, like "example.org" or "*.example.org"' }).check(
    z.superRefine((text, ctx) => {
      const problem = checkDomainPattern(text, { allowAnySuffix });
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  );

const domainList = (description: string, allowAnySuffix = false) =>
  meta(z._default(z.array(domainPattern(allowAnySuffix), { error: 'expected a list of domain patterns, like ["example.org", "*.example.org"]' }), []), {
    description: `${description} "example.org" = exactly that domain; "*.example.org" = any subdomain of example.org (not example.org itself).`,
  });

function limitPair(defaults: LimitPair, what: string) {
  return meta(
    z._default(
      z.strictObject(
        {
          warnAbove: meta(z._default(peopleLimit(), defaults.warnAbove), {
            description: `Warn when ${what} reaches more than this many people. null = never.`,
          }),
          blockAbove: meta(z._default(peopleLimit(), defaults.blockAbove), {
            description: `Block when ${what} reaches more than this many people (at least warnAbove). null = never.`,
          }),
        },
        { error: 'expected an object like { "warnAbove": 100, "blockAbove": null }' },
      ),
      { ...defaults },
    ),
    { description: `Limits for ${what}, in people reached.` },
  );
}

const LimitsSchema = meta(
  z._default(
    z.strictObject(
      {
        new: limitPair(DEFAULT_POLICY.limits.new, "a new message"),
        reply: limitPair(DEFAULT_POLICY.limits.reply, "a reply or reply-all"),
        forward: limitPair(DEFAULT_POLICY.limits.forward, "a forwarded message"),
      },
      { error: 'expected an object with "new", "reply" and "forward"' },
    ),
    {
      new: { ...DEFAULT_POLICY.limits.new },
      reply: { ...DEFAULT_POLICY.limits.reply },
      forward: { ...DEFAULT_POLICY.limits.forward },
    },
  ),
  { description: "People reached, after expanding every list, To+Cc+Bcc, deduplicated. \"warnAbove\": N warns when more than N people." },
);

const DirectorySchema = meta(
  z._default(
    z.strictObject(
      {
        graphBaseUrl: meta(
          z._default(
            z.enum(GRAPH_BASE_URLS, { error: GRAPH_URL_MESSAGE }),
            GRAPH_BASE_URLS[0],
          ),
          { description: "Microsoft Graph endpoint: the global service or a national cloud. Staff's Graph tokens go there, so no other URL is accepted." },
        ),
        clientId: meta(z._default(z.nullable(z.guid({ error: CLIENT_ID_MESSAGE })), DEFAULT_POLICY.directory.clientId), {
          description: "Entra app (client) id used for nested app authentication; null = not configured.",
        }),
        mailTips: meta(z._default(z.boolean({ error: BOOLEAN_MESSAGE }), DEFAULT_POLICY.directory.mailTips), {
          description: "Use POST /me/getMailTips (delegated Mail.Read) to learn list sizes.",
        }),
        groupCounts: meta(z._default(z.boolean({ error: BOOLEAN_MESSAGE }), DEFAULT_POLICY.directory.groupCounts), {
          description: "Use /groups transitive member counts (GroupMember.Read.All, admin consent).",
        }),
        externalMemberBudget: meta(
          z._default(
            z.int({ error: BUDGET_MESSAGE }).check(z.minimum(0, { error: BUDGET_MESSAGE }), z.maximum(999, { error: BUDGET_MESSAGE })),
            DEFAULT_POLICY.directory.externalMemberBudget,
          ),
          {
            description:
              "Guests and contacts read with a list's counts, so that their domains are judged (trusted partners stay quiet, a blocked or look-alike domain inside a list blocks); lists of up to 100 people, or this many if fewer, are read whole. 0..999; 0 reads no one.",
          },
        ),
        index: meta(
          z._default(
            z.nullable(
              z.strictObject(
                {
                  url: meta(z.string({ error: INDEX_URL_MESSAGE }).check(z.regex(INDEX_URL_PATTERN, { error: INDEX_URL_MESSAGE })), {
                    description: "Where the index's index.json and lists/ are served: an https URL, or a path on the add-in's own origin such as \"/list-index/\".",
                  }),
                  maxAgeHours: meta(
                    z._default(
                      z.int({ error: INDEX_AGE_MESSAGE }).check(z.minimum(1, { error: INDEX_AGE_MESSAGE }), z.maximum(720, { error: INDEX_AGE_MESSAGE })),
                      DEFAULT_INDEX_MAX_AGE_HOURS,
                    ),
                    { description: "Index entries older than this many hours are ignored and the list is asked of Microsoft Graph." },
                  ),
                },
                { error: INDEX_MESSAGE },
              ),
            ),
            DEFAULT_POLICY.directory.index,
          ),
          { description: "The tenant list index published by IT's scheduled job, consulted before Microsoft Graph; null = none." },
        ),
        listCacheHours: meta(
          z._default(
            z.int({ error: LIST_CACHE_MESSAGE }).check(z.minimum(0, { error: LIST_CACHE_MESSAGE }), z.maximum(720, { error: LIST_CACHE_MESSAGE })),
            DEFAULT_POLICY.directory.listCacheHours,
          ),
          {
            description:
              "Hours a list's size, once learned from Microsoft Graph, is reused for the same person (across messages, and across Outlook restarts where the client keeps storage) before Graph is asked again. 0 = off. 0..720.",
          },
        ),
      },
      { error: "expected an object with graphBaseUrl, clientId, mailTips, groupCounts, externalMemberBudget, index and listCacheHours" },
    ),
    { ...DEFAULT_POLICY.directory, graphBaseUrl: GRAPH_BASE_URLS[0] },
  ),
  { description: "How the add-in asks Microsoft Graph about distribution lists." },
);

/**
 * The policy document as administrators write it (CONTRACT.md §1): every key optional, unknown
 * keys rejected at every level. Parsing applies the defaults.
 *
 * Built with zod's functional API (`zod/mini`), which tree-shakes: the launch-event bundle pays
 * only for the schema kinds used here.
 */
export const PolicySchema = meta(
  z.strictObject(
    {
      $schema: meta(z.optional(z.string({ error: "expected a string: the path or URL of the policy JSON Schema" })), {
        description: "Path or URL of this JSON Schema, so editors offer completion.",
      }),
      version: meta(z._default(z.literal(1, { error: "expected 1, the only policy version so far" }), 1), { description: "Policy format version." }),
      internalDomains: domainList("Domains of your organisation. Empty = the sender's own domain."),
      trustedDomains: domainList("External domains that are fine to send to (partners)."),
      blockedDomains: domainList("Any recipient in these domains blocks the send.", true),
      limits: LimitsSchema,
      bccAdvisedAbove: meta(z._default(peopleLimit(), DEFAULT_POLICY.bccAdvisedAbove), {
        description: "When To+Cc reach more than this many people (new messages and forwards), warn and offer to move the lists to Bcc. null = off.",
      }),
      external: meta(z._default(policyAction(), DEFAULT_POLICY.external), {
        description: "What to do about recipients outside the organisation that are not trusted.",
      }),
      lookalike: LookalikeSchema,
      unknownList: meta(z._default(policyAction(), DEFAULT_POLICY.unknownList), {
        description: "What to do about a list whose size cannot be learned.",
      }),
      directoryFailure: meta(z._default(policyAction(), DEFAULT_POLICY.directoryFailure), {
        description: "What to do when the directory is unreachable, throttled beyond retry, or slower than timeoutMs.",
      }),
      exemptSenders: meta(
        z._default(
          z.array(
            z.string({ error: "expected an e-mail address like comms@example.org" }).check(
              z.superRefine((text, ctx) => {
                const problem = checkEmailAddress(text);
                if (problem) ctx.addIssue({ code: "custom", message: `${quote(text)}: ${problem}` });
              }),
            ),
            { error: 'expected a list of e-mail addresses, like ["comms@example.org"]' },
          ),
          [],
        ),
        { description: "Addresses whose sends are always allowed (e.g. a communications team)." },
      ),
      timeoutMs: meta(
        z._default(
          z.int({ error: TIMEOUT_MESSAGE }).check(z.minimum(500, { error: TIMEOUT_MESSAGE }), z.maximum(10000, { error: TIMEOUT_MESSAGE })),
          DEFAULT_POLICY.timeoutMs,
        ),
        { description: "Hard deadline for the whole check, in milliseconds (500..10000)." },
      ),
      directory: DirectorySchema,
    },
    { error: "expected a JSON object (the policy)" },
  ),
  { title: "Audience Guard policy", description: "Organisation policy for the Audience Guard Outlook add-in." },
);

/** The keys an object at `path` may hold, for "did you mean" suggestions. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType = PolicySchema;
  for (const segment of [...path, undefined]) {
    while (schema instanceof z.ZodMiniDefault || schema instanceof z.ZodMiniOptional || schema instanceof z.ZodMiniNullable || schema instanceof z.ZodMiniUnion) {
      schema = schema instanceof z.ZodMiniUnion ? (schema._zod.def.options.find((o) => o instanceof z.ZodMiniObject) ?? schema._zod.def.options[0]) as z.core.$ZodType : schema._zod.def.innerType;
    }
    if (!(schema instanceof z.ZodMiniObject)) return [];
    if (segment === undefined) return Object.keys(schema.shape);
    const next = (schema.shape as Record<string, z.core.$ZodType | undefined>)[String(segment)];
    if (!next) return [];
    schema = next;
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Problems.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `["limits", "reply", "warnAbove"]` → `limits.reply.warnAbove`; `["trustedDomains", 2]` → `trustedDomains[2]`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else {
      const key = String(segment);
      if (IDENTIFIER.test(key)) out += out === "" ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known key the unknown one was probably meant to be, if any is close. */
function suggestKey(unknown: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  const typed = unknown.toLowerCase();
  for (const key of known) {
    const wanted = key.toLowerCase();
    // A key with a word added or dropped ("replyAll" for "reply", "timeout" for "timeoutMs") is close too.
    const extended = wanted.length >= 3 && typed.length >= 3 && (typed.startsWith(wanted) || wanted.startsWith(typed));
    const distance = extended ? 1 : editDistance(typed, wanted);
    const tolerance = Math.min(3, Math.floor(key.length / 3));
    if (distance <= tolerance && (!best || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}

function unknownKeyProblem(objectPath: readonly PropertyKey[], key: string): PolicyProblem {
  const suggestion = suggestKey(key, knownKeysAt(objectPath));
  const shown = quote(key, 40);
  return {
    path: formatPath([...objectPath, key]),
    message: suggestion ? `unknown key ${shown} — did you mean ${JSON.stringify(suggestion)}?` : `unknown key ${shown}`,
  };
}

/** Plain-English fallbacks, used only where a schema does not carry its own message. */
const fallbackMessage: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === "invalid_type") return `expected ${issue.expected}`;
  if (issue.code === "too_small" || issue.code === "too_big") return "this value is out of range";
  return "this value is not valid here";
};

function schemaProblems(issues: readonly z.core.$ZodIssue[]): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const issue of issues) {
    // `lookalike` is an action or an object: an object's own problems (lookalike.suffix) say more than "neither".
    const inner = issue.code === "invalid_union" ? issue.errors.find((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0)) : undefined;
    if (inner) {
      problems.push(...schemaProblems(inner.map((i) => ({ ...i, path: [...issue.path, ...i.path] }))));
    } else if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) problems.push(unknownKeyProblem(issue.path, key));
    } else {
      problems.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return problems;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The well-formed entries of a domain list in the raw input, keyed by their canonical form. */
function validPatterns(input: Record<string, unknown>, key: string): { index: number; text: string; canonical: string }[] {
  const list = input[key];
  if (!Array.isArray(list)) return [];
  const out: { index: number; text: string; canonical: string }[] = [];
  list.forEach((item: unknown, index) => {
    if (typeof item === "string" && checkDomainPattern(item, { allowAnySuffix: key === "blockedDomains" }) === undefined) out.push({ index, text: item, canonical: canonicalPattern(item) });
  });
  return out;
}

function duplicateProblems(key: string, entries: readonly { index: number; text: string; canonical: string }[]): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const first = new Map<string, number>();
  for (const entry of entries) {
    const earlier = first.get(entry.canonical);
    if (earlier === undefined) first.set(entry.canonical, entry.index);
    else problems.push({ path: `${key}[${entry.index}]`, message: `${quote(entry.text)} is listed twice (also ${key}[${earlier}])` });
  }
  return problems;
}

/** Problems a schema cannot see: contradictions and duplicates, checked on the well-formed parts of the input. */
function contradictionProblems(input: Record<string, unknown>): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const internal = validPatterns(input, "internalDomains");
  const trusted = validPatterns(input, "trustedDomains");
  const blocked = validPatterns(input, "blockedDomains");
  problems.push(...duplicateProblems("internalDomains", internal), ...duplicateProblems("trustedDomains", trusted), ...duplicateProblems("blockedDomains", blocked));

  const indexOf = (entries: typeof internal) => new Map(entries.map((e) => [e.canonical, e.index] as const));
  const trustedAt = indexOf(trusted);
  const internalAt = indexOf(internal);
  const reported = new Set<number>();
  for (const entry of blocked) {
    if (reported.has(entry.index)) continue;
    const inTrusted = trustedAt.get(entry.canonical);
    const inInternal = internalAt.get(entry.canonical);
    if (inTrusted !== undefined) {
      problems.push({ path: `blockedDomains[${entry.index}]`, message: `${quote(entry.text)} is both trusted (trustedDomains[${inTrusted}]) and blocked; remove it from one of the lists` });
      reported.add(entry.index);
    }
    if (inInternal !== undefined) {
      problems.push({ path: `blockedDomains[${entry.index}]`, message: `${quote(entry.text)} is both internal (internalDomains[${inInternal}]) and blocked; remove it from one of the lists` });
      reported.add(entry.index);
    }
    if (reported.has(entry.index)) continue;
    // A block wider than an internal or trusted domain would stop mail to the organisation or its partners.
    const covered = [
      ...internal.map((e) => ({ ...e, key: "internalDomains", what: "internal" })),
      ...trusted.map((e) => ({ ...e, key: "trustedDomains", what: "trusted" })),
    ].find((e) => patternCovers(entry.canonical, e.canonical));
    if (covered !== undefined) {
      problems.push({
        path: `blockedDomains[${entry.index}]`,
        message: `${quote(entry.text)} would block the ${covered.what} domain ${quote(covered.text)} (${covered.key}[${covered.index}]); block something narrower`,
      });
      reported.add(entry.index);
    }
  }

  const limits = input["limits"];
  if (isPlainObject(limits)) {
    for (const composeType of ["new", "reply", "forward"] as const) {
      const pair = limits[composeType];
      if (pair !== undefined && !isPlainObject(pair)) continue;
      const defaults = DEFAULT_POLICY.limits[composeType];
      const warn = limitValue(pair?.["warnAbove"], defaults.warnAbove);
      const block = limitValue(pair?.["blockAbove"], defaults.blockAbove);
      if (warn === undefined || block === undefined || warn.value === null || block.value === null || block.value >= warn.value) continue;
      if (block.explicit) {
        problems.push({
          path: `limits.${composeType}.blockAbove`,
          message: `${block.value} is below warnAbove (${warn.value}${warn.explicit ? "" : ", the default"}); blockAbove must be at least warnAbove, or null`,
        });
      } else {
        problems.push({
          path: `limits.${composeType}.warnAbove`,
          message: `${warn.value} is above blockAbove (${block.value}, the default); lower warnAbove, or set blockAbove to at least ${warn.value} or null`,
        });
      }
    }
  }

  const senders = input["exemptSenders"];
  if (Array.isArray(senders)) {
    const entries: { index: number; text: string; canonical: string }[] = [];
    senders.forEach((item: unknown, index) => {
      if (typeof item === "string" && checkEmailAddress(item) === undefined) entries.push({ index, text: item, canonical: item.toLowerCase() });
    });
    problems.push(...duplicateProblems("exemptSenders", entries));
  }
  return problems;
}

/**
 * Whether every domain `inner` matches is also matched by `outer` (both canonical patterns):
 * `*.com` covers `contoso.com` and `*.contoso.com`; `old.contoso.com` covers nothing but itself.
 */
function patternCovers(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  if (!outer.startsWith("*.")) return false;
  const base = outer.slice(1); // ".com"
  const innerBase = inner.startsWith("*.") ? inner.slice(2) : inner;
  return `.${innerBase}`.endsWith(base) && innerBase !== base.slice(1);
}

/** A limit from the raw input: its value and whether it was written, or `undefined` when malformed (the schema reports it). */
function limitValue(raw: unknown, fallback: number | null): { value: number | null; explicit: boolean } | undefined {
  if (raw === undefined) return { value: fallback, explicit: false };
  if (raw === null) return { value: null, explicit: true };
  if (typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0) return { value: raw, explicit: true };
  return undefined;
}

function lookalikeActions(parsed: PolicyAction | Record<LookalikeMatch, PolicyAction>): LookalikeActions {
  if (typeof parsed === "string") return Object.fromEntries(LOOKALIKE_MATCHES.map((m) => [m, parsed])) as Record<LookalikeMatch, PolicyAction>;
  return Object.fromEntries(LOOKALIKE_MATCHES.map((m) => [m, parsed[m]])) as Record<LookalikeMatch, PolicyAction>;
}

function toPolicy(parsed: z.output<typeof PolicySchema>): Policy {
  const pair = (p: LimitPair): LimitPair => ({ warnAbove: p.warnAbove, blockAbove: p.blockAbove });
  return {
    version: parsed.version,
    internalDomains: parsed.internalDomains.map(canonicalPattern),
    trustedDomains: parsed.trustedDomains.map(canonicalPattern),
    blockedDomains: parsed.blockedDomains.map(canonicalPattern),
    limits: { new: pair(parsed.limits.new), reply: pair(parsed.limits.reply), forward: pair(parsed.limits.forward) },
    bccAdvisedAbove: parsed.bccAdvisedAbove,
    external: parsed.external,
    lookalike: lookalikeActions(parsed.lookalike),
    unknownList: parsed.unknownList,
    directoryFailure: parsed.directoryFailure,
    exemptSenders: parsed.exemptSenders.map((a) => a.toLowerCase()),
    timeoutMs: parsed.timeoutMs,
    directory: { ...parsed.directory, index: parsed.directory.index ? { ...parsed.directory.index } : null },
  };
}

/**
 * Validates a policy document (parsed JSON) and applies the defaults. Never throws: any input gives
 * either the resolved policy or every problem found, each with its JSON path.
 */
export function validatePolicy(input: unknown): PolicyValidation {
  const parsed = PolicySchema.safeParse(input, { error: fallbackMessage });
  const problems = parsed.success ? [] : schemaProblems(parsed.error.issues);
  if (isPlainObject(input)) problems.push(...contradictionProblems(input));
  if (parsed.success && problems.length === 0) return { ok: true, policy: toPolicy(parsed.data) };
  return { ok: false, problems };
}

/** One problem per line, `path: message` (the message alone for the root). */
export function formatPolicyProblems(problems: readonly PolicyProblem[]): string {
  return problems.map((p) => (p.path === "" ? p.message : `${p.path}: ${p.message}`)).join("\n");
}

/**
 * The policy's JSON Schema (draft 2020-12), generated from `PolicySchema`: every key optional with
 * its default and description, `additionalProperties: false` at every level.
 * @param id the schema's `$id`, e.g. the URL it is served from; default `POLICY_SCHEMA_ID`.
 */
export function policyJsonSchema(id: string = POLICY_SCHEMA_ID): Record<string, unknown> {
  const generated = z.toJSONSchema(PolicySchema, { target: "draft-2020-12", io: "input" }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: id, ...rest };
}

/**
 * The internal domain patterns for a sender: the policy's `internalDomains`, or when that is empty
 * the sender's own domain (lower case). Accepts a bare domain or a whole address. Empty when neither is known.
 */
export function resolveInternalDomains(policy: Pick<Policy, "internalDomains">, senderAddressDomain: string): readonly string[] {
  if (policy.internalDomains.length > 0) return policy.internalDomains;
  const domain = senderAddressDomain.slice(senderAddressDomain.lastIndexOf("@") + 1).trim().replace(/\.$/, "").toLowerCase();
  return domain === "" ? [] : [domain];
}
