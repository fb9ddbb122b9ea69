/**
 * The look-alike corpus (README.md beside this file): dnstwist's permutations of eight protected
 * domains and a list of real, unrelated domains, classified through the policy path Send uses.
 * Shared by test/core/lookalikeCorpus.test.ts and tools/bench/bench.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { addressClassifier, domainSetsFor } from "../../../src/core/classify";
import { registrableDomain } from "../../../src/core/domains";
import { findLookalike } from "../../../src/core/lookalike";
import { validatePolicy, type Policy, type PolicyAction } from "../../../src/core/policy";

/** Three organisations' policies: each protected domain is checked under the one that protects it. */
export const ORGANISATIONS: Readonly<Record<string, { sender: string; policy: Record<string, unknown>; protects: readonly string[] }>> = {
  "NHS trust": {
    sender: "a@nhs.net",
    // docs/policy.md's NHS example (lookalikeCorpus.test.ts holds the two together).
    policy: {
      internalDomains: ["nhs.net", "*.nhs.uk"],
      trustedDomains: ["nhs.uk", "nhs.scot", "*.nhs.scot", "nhs.wales", "*.nhs.wales", "hscni.net", "*.hscni.net", "gov.uk", "*.gov.uk", "fabrikam.com", "*.contoso-health.org"],
      blockedDomains: ["gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "yahoo.com", "yahoo.co.uk"],
    },
    protects: ["nhs.net", "gov.uk"],
  },
  newsroom: { sender: "a@wsj.com", policy: { internalDomains: ["wsj.com"], trustedDomains: ["bbc.co.uk", "bbc.com"] }, protects: ["wsj.com", "bbc.co.uk"] },
  company: {
    sender: "a@contoso.com",
    policy: { internalDomains: ["contoso.com", "*.contoso.com"], trustedDomains: ["microsoft.com", "paypal.com", "fabrikam.com"] },
    protects: ["contoso.com", "microsoft.com", "paypal.com", "fabrikam.com"],
  },
};

/** Classes of one keystroke gone wrong: each must be caught in full. */
export const ONE_KEYSTROKE = ["addition", "bitsquatting", "hyphenation", "insertion", "omission", "repetition", "replacement", "subdomain", "transposition", "vowel-swap"];
/** Classes that look the same as the protected domain. */
export const VISUAL = ["homoglyph-visual", "cyrillic"];
/** dnstwist's homoglyphs that are another letter (b/d, m/n, g/q, 3/8, small capitals): reported, not held to a rate. */
export const REPORTED_ONLY = ["homoglyph-near"];

/**
 * What one domain gets under a policy: a look-alike warning or block, nothing, or `own` for a
 * permutation that is not anyone's to register: one the policy itself names (bbc.com beside
 * bbc.co.uk, nhs.uk beside nhs.net) or a public suffix (gov.au for gov.uk). `own` permutations are
 * left out of the rates.
 */
export type Outcome = "none" | "own" | Exclude<PolicyAction, "allow">;

export interface Classifier {
  name: string;
  policy: Policy;
  outcome: (domain: string) => Outcome;
}

/** A classifier per organisation, through classify.ts as Send runs it. */
export function classifiers(): Classifier[] {
  return Object.entries(ORGANISATIONS).map(([name, org]) => {
    const checked = validatePolicy(org.policy);
    if (!checked.ok) throw new Error(`${name}: ${JSON.stringify(checked.problems)}`);
    const policy = checked.policy;
    const domains = domainSetsFor(policy, org.sender);
    const classify = addressClassifier(domains, policy.lookalike);
    const protectedPatterns = [...domains.internal, ...domains.trusted];
    return {
      name,
      policy,
      outcome: (domain: string): Outcome => {
        const cls = classify(domain);
        if (cls === "internal" || cls === "trusted" || registrableDomain(domain) === undefined) return "own";
        if (cls !== "lookalike") return "none";
        const found = findLookalike(domain, protectedPatterns);
        const action = found ? policy.lookalike[found.match] : "allow";
        return action === "allow" ? "none" : action;
      },
    };
  });
}

/** permutations.txt: protected domain → class → permutations. */
export function readPermutations(): Map<string, Map<string, string[]>> {
  const text = readFileSync(join(__dirname, "permutations.txt"), "utf8");
  const out = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("@ ")) {
      current = new Map();
      out.set(line.slice(2).trim(), current);
    } else if (line !== "" && !line.startsWith("#") && current) {
      const [cls = "", ...domains] = line.split(" ");
      current.set(cls, domains);
    }
  }
  return out;
}

/** real-domains.txt: the real, unrelated domains. */
export function readRealDomains(): string[] {
  return readFileSync(join(__dirname, "real-domains.txt"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}
