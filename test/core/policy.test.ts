import fc from "fast-check";
import {
  DEFAULT_POLICY,
  POLICY_SCHEMA_ID,
  checkDomainPattern,
  formatPolicyProblems,
  policyJsonSchema,
  resolveInternalDomains,
  validatePolicy,
} from "../../src/core/policy";
import type { Policy, PolicyProblem } from "../../src/core/policy";

/** CONTRACT.md §1, written out by hand. */
const CONTRACT_DEFAULTS = {
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
  // CONTRACT.md §7: per kind of look-alike, blocking what looks the same and warning on what is only near.
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
    // An extension of the contract: members of each kind read with a list's counts.
    externalMemberBudget: 300,
    // An extension of the contract (CONTRACT.md §7, the tenant list index): off unless configured.
    index: null,
    // An extension of the contract: a learned list size is reused for a day.
    listCacheHours: 24,
  },
};

function policyOf(input: unknown): Policy {
  const result = validatePolicy(input);
  if (!result.ok) throw new Error(`expected a valid policy, got:\n${formatPolicyProblems(result.problems)}`);
  return result.policy;
}

function problemsOf(input: unknown): PolicyProblem[] {
  const result = validatePolicy(input);
  if (result.ok) throw new Error("expected the policy to be refused");
  return result.problems;
}

const pathsOf = (input: unknown): string[] => problemsOf(input).map((p) => p.path);

describe("lookalike", () => {
  const every = (action: string) => ({ visual: action, embedded: action, split: action, typo: action, shortTypo: action, suffix: action, word: action });

  it.each(["allow", "warn", "block"])("takes %j as the action for every kind", (action) => {
    expect(policyOf({ lookalike: action }).lookalike).toEqual(every(action));
  });

  it("takes an object for some kinds; the others keep their defaults", () => {
    expect(policyOf({ lookalike: { suffix: "block", visual: "warn" } }).lookalike).toEqual({ ...DEFAULT_POLICY.lookalike, suffix: "block", visual: "warn" });
    expect(policyOf({ lookalike: {} }).lookalike).toEqual(DEFAULT_POLICY.lookalike);
  });

  it.each<[unknown, PolicyProblem[]]>([
    ["deny", [{ path: "lookalike", message: expect.stringContaining('"allow", "warn" or "block"') as string }]],
    [{ suffix: "deny" }, [{ path: "lookalike.suffix", message: 'expected "allow", "warn" or "block"' }]],
    [{ sufix: "warn" }, [{ path: "lookalike.sufix", message: 'unknown key "sufix" — did you mean "suffix"?' }]],
    [{ visual: "allow", word: 1 }, [{ path: "lookalike.word", message: 'expected "allow", "warn" or "block"' }]],
    [["block"], [{ path: "lookalike", message: expect.stringContaining("or an object with any of") as string }]],
  ])("refuses %j with the problem's path", (lookalike, problems) => {
    expect(problemsOf({ lookalike })).toEqual(problems);
  });
});

describe("DEFAULT_POLICY", () => {
  it("equals the defaults of CONTRACT.md §1", () => {
    expect(DEFAULT_POLICY).toEqual(CONTRACT_DEFAULTS);
  });

  it("is what an empty policy resolves to", () => {
    expect(policyOf({})).toEqual(CONTRACT_DEFAULTS);
    expect(policyOf({ $schema: "./policy.schema.json" })).toEqual(CONTRACT_DEFAULTS);
  });

  it("is frozen", () => {
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_POLICY.limits.reply)).toBe(true);
    expect(Object.isFrozen(DEFAULT_POLICY.internalDomains)).toBe(true);
  });

  it("validates when written out in full", () => {
    expect(policyOf(JSON.parse(JSON.stringify({ $schema: "x", ...CONTRACT_DEFAULTS })))).toEqual(CONTRACT_DEFAULTS);
  });
});

describe("validatePolicy", () => {
  it("reports both problems of the contract's invalid example, with their paths", () => {
    const problems = problemsOf({ limits: { reply: { warnAbove: "ten" } }, trustedDomains: ["fabrikam.com"], blockedDomains: ["fabrikam.com"] });
    expect(problems).toHaveLength(2);
    expect(problems).toContainEqual({ path: "limits.reply.warnAbove", message: "expected a whole number ≥ 0 or null" });
    expect(problems).toContainEqual({ path: "blockedDomains[0]", message: expect.stringContaining("fabrikam.com") as string });
  });

  it("fills in the keys that are left out, one level at a time", () => {
    const policy = policyOf({ limits: { reply: { warnAbove: 10 } }, directory: { clientId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" } });
    expect(policy.limits.reply).toEqual({ warnAbove: 10, blockAbove: 1000 });
    expect(policy.limits.new).toEqual(CONTRACT_DEFAULTS.limits.new);
    expect(policy.directory).toEqual({ ...CONTRACT_DEFAULTS.directory, clientId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" });
  });

  it("accepts a full, unusual but valid policy", () => {
    const policy = policyOf({
      version: 1,
      internalDomains: ["nhs.net", "*.nhs.uk"],
      trustedDomains: ["Partner.ORG", "bücher.de", "*.fabrikam.com"],
      blockedDomains: ["*.ru", "gmail.com", "eu.fabrikam.com"],
      limits: { new: { warnAbove: 0, blockAbove: 0 }, reply: { warnAbove: null, blockAbove: 5 }, forward: { warnAbove: 7, blockAbove: null } },
      bccAdvisedAbove: null,
      external: "allow",
      lookalike: "warn",
      unknownList: "block",
      directoryFailure: "allow",
      exemptSenders: ["Comms@NHS.net"],
      timeoutMs: 500,
      directory: { graphBaseUrl: "https://graph.microsoft.us/v1.0", clientId: null, mailTips: false, groupCounts: false, externalMemberBudget: 0 },
    });
    expect(policy.trustedDomains).toEqual(["partner.org", "xn--bcher-kva.de", "*.fabrikam.com"]);
    expect(policy.exemptSenders).toEqual(["comms@nhs.net"]);
    expect(policy.timeoutMs).toBe(500);
  });

  it.each<[string, unknown, string[]]>([
    ["a root that is not an object", [], [""]],
    ["null", null, [""]],
    ["a string", "policy", [""]],
    ["a version other than 1", { version: 2 }, ["version"]],
    ["a $schema that is not a string", { $schema: 1 }, ["$schema"]],
    ["a negative limit", { limits: { new: { warnAbove: -1 } } }, ["limits.new.warnAbove"]],
    ["a fractional limit", { limits: { forward: { blockAbove: 1.5 } } }, ["limits.forward.blockAbove"]],
    ["a limit given as a string", { limits: { reply: { warnAbove: "10" } } }, ["limits.reply.warnAbove"]],
    ["limits that are not an object", { limits: [] }, ["limits"]],
    ["a limit pair that is not an object", { limits: { reply: 5 } }, ["limits.reply"]],
    ["bccAdvisedAbove below zero", { bccAdvisedAbove: -3 }, ["bccAdvisedAbove"]],
    ["an unknown action", { external: "deny" }, ["external"]],
    ["an action in the wrong case", { lookalike: "Block" }, ["lookalike"]],
    ["a missing action", { unknownList: null }, ["unknownList"]],
    ["timeoutMs too small", { timeoutMs: 499 }, ["timeoutMs"]],
    ["timeoutMs too large", { timeoutMs: 10001 }, ["timeoutMs"]],
    ["timeoutMs not whole", { timeoutMs: 1000.5 }, ["timeoutMs"]],
    ["a domain list that is a string", { trustedDomains: "fabrikam.com" }, ["trustedDomains"]],
    ["a domain that is a number", { internalDomains: ["nhs.net", 42] }, ["internalDomains[1]"]],
    ["a malformed pattern", { blockedDomains: ["ok.com", "bad domain.com", "*"] }, ["blockedDomains[1]", "blockedDomains[2]"]],
    ["an exempt sender that is not an address", { exemptSenders: ["comms"] }, ["exemptSenders[0]"]],
    ["a plain-http Graph URL", { directory: { graphBaseUrl: "http://graph.microsoft.com/v1.0" } }, ["directory.graphBaseUrl"]],
    ["a Graph URL that is not Microsoft's", { directory: { graphBaseUrl: "https://graph.microsoft.com.evil.example/v1.0" } }, ["directory.graphBaseUrl"]],
    ["a loopback Graph URL", { directory: { graphBaseUrl: "http://127.0.0.1:41234/v1.0" } }, ["directory.graphBaseUrl"]],
    ["Graph's beta endpoint", { directory: { graphBaseUrl: "https://graph.microsoft.com/beta" } }, ["directory.graphBaseUrl"]],
    ["a client id that is not a GUID", { directory: { clientId: "my-app" } }, ["directory.clientId"]],
    ["mailTips as a string", { directory: { mailTips: "yes" } }, ["directory.mailTips"]],
    ["blockAbove below warnAbove", { limits: { new: { warnAbove: 100, blockAbove: 50 } } }, ["limits.new.blockAbove"]],
    ["warnAbove above the default blockAbove", { limits: { reply: { warnAbove: 2000 } } }, ["limits.reply.warnAbove"]],
    ["blockAbove below the default warnAbove", { limits: { reply: { blockAbove: 10 } } }, ["limits.reply.blockAbove"]],
    ["internal and blocked", { internalDomains: ["nhs.net"], blockedDomains: ["NHS.net"] }, ["blockedDomains[0]"]],
    ["a duplicate domain", { trustedDomains: ["a.com", "b.com", "A.com"] }, ["trustedDomains[2]"]],
    ["a duplicate exempt sender", { exemptSenders: ["a@b.com", "A@B.com"] }, ["exemptSenders[1]"]],
    ["an unknown key", { warnAbove: 5 }, ["warnAbove"]],
    ["a key with odd characters", { "max people": 5 }, ['["max people"]']],
  ])("refuses %s", (_what, input, paths) => {
    expect(pathsOf(input).sort()).toEqual([...paths].sort());
  });

  it.each([
    [{ limits: { new: { warnAbove: 100, blockAbove: 100 } } }],
    [{ limits: { reply: { warnAbove: 2000, blockAbove: null } } }],
    [{ limits: { reply: { warnAbove: null, blockAbove: 3 } } }],
    [{ limits: { new: { warnAbove: 5000 } } }],
    [{ trustedDomains: ["*.fabrikam.com"], blockedDomains: ["fabrikam.com"] }],
    [{ internalDomains: ["nhs.net"], trustedDomains: ["nhs.net"] }],
  ])("accepts %j, which contradicts nothing", (input) => {
    expect(validatePolicy(input).ok).toBe(true);
  });

  it("names unknown keys at every level and suggests the key that was meant", () => {
    const problems = problemsOf({
      timeout: 3000,
      limits: { reply: { warnAbov: 10 }, replyAll: {} },
      directory: { mailtips: true, colour: "blue" },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "timeout", message: 'unknown key "timeout" — did you mean "timeoutMs"?' },
        { path: "limits.reply.warnAbov", message: 'unknown key "warnAbov" — did you mean "warnAbove"?' },
        { path: "limits.replyAll", message: 'unknown key "replyAll" — did you mean "reply"?' },
        { path: "directory.mailtips", message: 'unknown key "mailtips" — did you mean "mailTips"?' },
        { path: "directory.colour", message: 'unknown key "colour"' },
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it("reports every problem in one pass, shape errors and contradictions together", () => {
    const problems = problemsOf({
      version: "1",
      external: "maybe",
      trustedDomains: ["x.com", "x.com", "not a domain"],
      blockedDomains: ["x.com"],
      limits: { new: { warnAbove: 10, blockAbove: 5 }, forward: { warnAbove: "many" } },
      directory: { graphBaseUrl: "ftp://example.org" },
      surprise: true,
    });
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        "version",
        "external",
        "trustedDomains[1]",
        "trustedDomains[2]",
        "blockedDomains[0]",
        "limits.new.blockAbove",
        "limits.forward.warnAbove",
        "directory.graphBaseUrl",
        "surprise",
      ].sort(),
    );
  });

  it("writes plain English, without zod's vocabulary", () => {
    const problems = problemsOf({ version: 3, limits: { new: { warnAbove: true } }, exemptSenders: [1], trustedDomains: [null], directory: null, x: 1 });
    for (const { message } of problems) {
      expect(message).not.toMatch(/Invalid input|received|ZodError|nonoptional|safeint/i);
    }
  });

  it("explains the contradiction between limits, saying which value is a default", () => {
    expect(problemsOf({ limits: { reply: { warnAbove: 2000 } } })).toEqual([
      { path: "limits.reply.warnAbove", message: expect.stringContaining("1000, the default") as string },
    ]);
  });

  it("never throws, whatever JSON it is given (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = validatePolicy(value);
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
      }),
    );
  });

  it("never throws on policy-shaped JSON either (property)", () => {
    const limit = fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 2000 }), fc.jsonValue());
    const pair = fc.record({ warnAbove: limit, blockAbove: limit }, { requiredKeys: [] });
    const domains = fc.array(fc.oneof(fc.constantFrom("a.com", "*.a.com", "b.org", "bad domain", "*"), fc.string()), { maxLength: 5 });
    const policy = fc.record(
      {
        trustedDomains: domains,
        blockedDomains: domains,
        internalDomains: domains,
        limits: fc.record({ new: pair, reply: pair, forward: pair }, { requiredKeys: [] }),
        exemptSenders: fc.array(fc.oneof(fc.constant("a@b.com"), fc.string())),
        timeoutMs: fc.oneof(fc.integer(), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(policy, (value) => {
        const result = validatePolicy(value);
        if (result.ok) {
          for (const key of ["new", "reply", "forward"] as const) {
            const { warnAbove, blockAbove } = result.policy.limits[key];
            if (warnAbove !== null && blockAbove !== null) expect(blockAbove).toBeGreaterThanOrEqual(warnAbove);
          }
        } else {
          for (const p of result.problems) expect(p.message.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe("checkDomainPattern", () => {
  it("accepts a wildcard over a public suffix only where asked (blocked domains)", () => {
    expect(checkDomainPattern("*.ru")).toEqual(expect.stringContaining("public suffix"));
    expect(checkDomainPattern("*.ru", { allowAnySuffix: true })).toBeUndefined();
  });

  it.each(["example.org", "*.example.org", "*.nhs.uk", "nhs.net", "bücher.de", "xn--bcher-kva.de", "EXAMPLE.org", "a-b.example.org", "例え.テスト"])(
    "accepts %s",
    (text) => {
      expect(checkDomainPattern(text)).toBeUndefined();
    },
  );

  it.each(["", " ", "example", "*", "*.", "**.example.org", "foo.*.org", "*example.org", ".example.org", "a..b", "-a.com", "a-.com", "a_b.com", "user@example.org", "https://example.org", "example.org/x", "1.2.3.4", `${"a".repeat(64)}.com`, `${"a.".repeat(130)}com`])(
    "refuses %j",
    (text) => {
      expect(checkDomainPattern(text)).toEqual(expect.any(String));
    },
  );
});

describe("formatPolicyProblems", () => {
  it("writes one problem per line as path: message", () => {
    expect(
      formatPolicyProblems([
        { path: "limits.reply.warnAbove", message: "expected a whole number ≥ 0 or null" },
        { path: "", message: "expected a JSON object (the policy)" },
      ]),
    ).toBe("limits.reply.warnAbove: expected a whole number ≥ 0 or null\nexpected a JSON object (the policy)");
  });
});

describe("resolveInternalDomains", () => {
  it("is the policy's internal domains when there are any", () => {
    expect(resolveInternalDomains(policyOf({ internalDomains: ["nhs.net", "*.nhs.uk"] }), "nhs.net")).toEqual(["nhs.net", "*.nhs.uk"]);
  });

  it("is the sender's own domain otherwise", () => {
    expect(resolveInternalDomains(DEFAULT_POLICY, "Contoso.COM")).toEqual(["contoso.com"]);
    expect(resolveInternalDomains(DEFAULT_POLICY, "megan@contoso.com")).toEqual(["contoso.com"]);
    expect(resolveInternalDomains(DEFAULT_POLICY, "")).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// A tiny validator for the JSON Schema keywords the generated schema uses: enough to show that the
// schema accepts and refuses the same documents as validatePolicy, where a schema can tell.

type Schema = Record<string, unknown>;

function typeMatches(type: unknown, value: unknown): boolean {
  switch (type) {
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    default:
      throw new Error(`type ${String(type)} not supported by the test validator`);
  }
}

const SUPPORTED_KEYWORDS = new Set(["$schema", "$id", "title", "description", "default", "format", "type", "properties", "additionalProperties", "anyOf", "enum", "const", "minimum", "maximum", "items", "pattern", "required"]);

function conforms(schema: Schema, value: unknown): boolean {
  for (const keyword of Object.keys(schema)) if (!SUPPORTED_KEYWORDS.has(keyword)) throw new Error(`keyword ${keyword} not supported`);
  if (schema.type !== undefined && !typeMatches(schema.type, value)) return false;
  if (Array.isArray(schema.anyOf) && !(schema.anyOf as Schema[]).some((s) => conforms(s, value))) return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  if ("const" in schema && schema.const !== value) return false;
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) return false;
    if (typeof schema.maximum === "number" && value > schema.maximum) return false;
  }
  if (typeof value === "string" && typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) return false;
  if (Array.isArray(value) && schema.items) return value.every((item) => conforms(schema.items as Schema, item));
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    if (Array.isArray(schema.required) && !(schema.required as string[]).every((key) => key in value)) return false;
    for (const [key, inner] of Object.entries(value)) {
      const sub = properties[key];
      if (sub === undefined) {
        if (schema.additionalProperties === false) return false;
      } else if (!conforms(sub, inner)) return false;
    }
  }
  return true;
}

describe("policyJsonSchema", () => {
  const schema = policyJsonSchema();
  const properties = schema.properties as Record<string, Schema>;
  const limits = properties.limits as Schema;
  const limitProperties = limits.properties as Record<string, Schema>;

  it("is draft 2020-12 with an $id, a title and a description", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe(POLICY_SCHEMA_ID);
    expect(policyJsonSchema("https://addins.example.org/policy.schema.json").$id).toBe("https://addins.example.org/policy.schema.json");
    expect(schema.title).toEqual(expect.any(String));
    expect(schema.description).toEqual(expect.any(String));
  });

  it("refuses unknown keys at every level and requires none", () => {
    for (const s of [schema, limits, limitProperties.new, limitProperties.reply, limitProperties.forward, properties.directory]) {
      expect(s?.additionalProperties).toBe(false);
      expect(s?.required).toBeUndefined();
    }
  });

  it("lists every key of the contract, each with a description, and the defaults", () => {
    expect(Object.keys(properties).sort()).toEqual(["$schema", ...Object.keys(CONTRACT_DEFAULTS)].sort());
    for (const [key, sub] of Object.entries(properties)) {
      expect([key, typeof sub.description]).toEqual([key, "string"]);
      if (key !== "$schema") expect([key, sub.default]).toEqual([key, (CONTRACT_DEFAULTS as Record<string, unknown>)[key]]);
    }
    expect((limitProperties.reply?.properties as Record<string, Schema>).blockAbove?.default).toBe(1000);
    expect((properties.external as Schema).enum).toEqual(["allow", "warn", "block"]);
    expect((properties.timeoutMs as Schema).minimum).toBe(500);
    expect((properties.timeoutMs as Schema).maximum).toBe(10000);
  });

  it.each<[string, unknown]>([
    ["the empty policy", {}],
    ["the defaults written out", { $schema: "./policy.schema.json", ...CONTRACT_DEFAULTS }],
    ["a partial policy", { limits: { reply: { warnAbove: 10 } }, external: "block" }],
    ["a national cloud", { directory: { graphBaseUrl: "https://microsoftgraph.chinacloudapi.cn/v1.0" } }],
    ["loopback http", { directory: { graphBaseUrl: "http://localhost:3001/v1.0" } }],
    ["a client id", { directory: { clientId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" } }],
    ["a wrong type", { limits: { reply: { warnAbove: "ten" } } }],
    ["a negative number", { bccAdvisedAbove: -1 }],
    ["a fraction", { timeoutMs: 999.5 }],
    ["an unknown key", { limits: { reply: { warnAbov: 1 } } }],
    ["an unknown root key", { colour: "blue" }],
    ["an unknown action", { lookalike: "deny" }],
    ["version 2", { version: 2 }],
    ["plain http", { directory: { graphBaseUrl: "http://graph.microsoft.com" } }],
    ["a bad client id", { directory: { clientId: "nope" } }],
    ["not an object", [1, 2]],
  ])("agrees with validatePolicy on %s", (_what, document) => {
    expect(conforms(schema, document)).toBe(validatePolicy(document).ok);
  });
});

describe("validatePolicy: a policy cannot turn the add-in against its users", () => {
  it.each<[string, unknown]>([
    ["a wildcard over an internal domain", { internalDomains: ["contoso.com"], blockedDomains: ["*.com"] }],
    ["a wildcard over internal subdomains", { internalDomains: ["*.contoso.com"], blockedDomains: ["*.com"] }],
    ["a wildcard over a trusted partner", { trustedDomains: ["fabrikam.co.uk"], blockedDomains: ["*.co.uk"] }],
  ])("refuses a blocked pattern that covers %s", (_name, input) => {
    const result = validatePolicy(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path)).toEqual(["blockedDomains[0]"]);
  });

  it("accepts a block narrower than an internal wildcard", () => {
    expect(validatePolicy({ internalDomains: ["*.contoso.com"], blockedDomains: ["old.contoso.com", "*.gmail.com"] }).ok).toBe(true);
  });

  it.each([-1, 1000, 2.5, "300"])("refuses externalMemberBudget %p", (budget) => {
    const result = validatePolicy({ directory: { externalMemberBudget: budget } });
    expect(result.ok).toBe(false);
  });

  it.each([0, 1, 24, 720])("accepts listCacheHours %p (0 = off)", (hours) => {
    expect(policyOf({ directory: { listCacheHours: hours } }).directory.listCacheHours).toBe(hours);
  });

  it.each([-1, 721, 1.5, "24", null])("refuses listCacheHours %p, naming its path", (hours) => {
    expect(problemsOf({ directory: { listCacheHours: hours } })).toEqual([{ path: "directory.listCacheHours", message: "expected a whole number of hours from 0 (off) to 720" }]);
  });
});
