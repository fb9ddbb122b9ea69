import { parseAddress, parseRecipient } from "./address";
import type { DomainPattern, DomainSets } from "./domains";
import { classifyDomain, parseDomainPattern } from "./domains";
import type { Lookalike } from "./lookalike";
import { findLookalike } from "./lookalike";
import type { LookalikeActions, Policy } from "./policy";
import { resolveInternalDomains } from "./policy";
import type { MessageSnapshot, RecipientField, RecipientInput } from "./types";
import { RECIPIENT_FIELDS } from "./types";

/** Where an address stands against the policy's domains. */
export type AddressClass = "internal" | "trusted" | "external" | "blocked" | "lookalike";

/** One valid recipient of the message. */
export interface ClassifiedRecipient {
  field: RecipientField;
  /** Position in its field, for fixes that must keep order. */
  index: number;
  input: RecipientInput;
  address: string;
  domain: string;
  /**
   * Not known to be a person: Outlook's `recipientType` is only a hint (it reports Microsoft 365 groups,
   * dynamic lists and typed addresses as `other` or `externalUser`), so anything but `user` is asked
   * about as a possible list; the directory's answer settles it (ListExpansion.notAList).
   */
  mayBeList: boolean;
  addressClass: AddressClass;
  lookalike?: Lookalike;
}

/** A recipient that could not be parsed. */
export interface InvalidRecipient {
  field: RecipientField;
  index: number;
  input: RecipientInput;
  raw: string;
}

export interface ClassifiedMessage {
  recipients: ClassifiedRecipient[];
  invalid: InvalidRecipient[];
  domains: DomainSets;
  classify: (domain: string) => AddressClass;
  /** The protected domain a look-alike domain imitates, when it is one. */
  lookalikeOf: (domain: string) => Lookalike | undefined;
}

function compile(patterns: readonly string[], options: { allowAnySuffix?: boolean } = {}): DomainPattern[] {
  const out: DomainPattern[] = [];
  for (const text of patterns) {
    const parsed = parseDomainPattern(text, options);
    // The policy was validated before it got here; a pattern that still fails is ignored rather than
    // stopping the check.
    if (parsed.ok) out.push(parsed.pattern);
  }
  return out;
}

/**
 * The policy's domain sets for this sender: `internalDomains` defaults to the sender's own domain.
 */
export function domainSetsFor(policy: Policy, senderAddress: string): DomainSets {
  const internal = resolveInternalDomains(policy, parseAddress(senderAddress)?.domain ?? "");
  return { internal: compile(internal), trusted: compile(policy.trustedDomains), blocked: compile(policy.blockedDomains, { allowAnySuffix: true }) };
}

/**
 * Classifies one domain: blocked, internal, trusted, a look-alike of an internal or trusted one, or
 * external. A look-alike whose kind the policy allows (`actions`) is plain external.
 */
export function addressClassifier(domains: DomainSets, actions?: LookalikeActions): (domain: string) => AddressClass {
  const protectedPatterns = [...domains.internal, ...domains.trusted];
  const cache = new Map<string, AddressClass>();
  return (domain) => {
    let result = cache.get(domain);
    if (result === undefined) {
      const base = classifyDomain(domain, domains);
      const found = base === "external" ? findLookalike(domain, protectedPatterns) : undefined;
      result = found && actions?.[found.match] !== "allow" ? "lookalike" : base;
      cache.set(domain, result);
    }
    return result;
  };
}

/**
 * Whether a recipient may be a list: anything Office does not call a `user` (CONTRACT.md §7, "Message":
 * `recipientType` is a hint, never the truth).
 */
export function mayBeList(input: RecipientInput): boolean {
  return input.recipientType !== "user";
}

/** Parses and classifies every recipient of the message. Never throws. */
export function classifyMessage(message: MessageSnapshot, policy: Policy): ClassifiedMessage {
  const domains = domainSetsFor(policy, message.from);
  const classify = addressClassifier(domains, policy.lookalike);
  const protectedPatterns = [...domains.internal, ...domains.trusted];
  const recipients: ClassifiedRecipient[] = [];
  const invalid: InvalidRecipient[] = [];
  for (const field of RECIPIENT_FIELDS) {
    message[field].forEach((input, index) => {
      const parsed = parseRecipient(input);
      if (!parsed.ok) {
        invalid.push({ field, index, input, raw: parsed.raw });
        return;
      }
      const addressClass = classify(parsed.domain);
      const lookalike = addressClass === "lookalike" ? findLookalike(parsed.domain, protectedPatterns) : undefined;
      recipients.push({
        field,
        index,
        input,
        address: parsed.address,
        domain: parsed.domain,
        mayBeList: mayBeList(input),
        addressClass,
        ...(lookalike ? { lookalike } : {}),
      });
    });
  }
  const lookalikeOf = (domain: string): Lookalike | undefined => (classify(domain) === "lookalike" ? findLookalike(domain, protectedPatterns) : undefined);
  return { recipients, invalid, domains, classify, lookalikeOf };
}

/** The distinct addresses of a message that may be lists (see `mayBeList`), in order of appearance: what the directory is asked about. */
export function listAddresses(classified: ClassifiedMessage): string[] {
  return [...new Set(classified.recipients.filter((r) => r.mayBeList).map((r) => r.address))];
}
