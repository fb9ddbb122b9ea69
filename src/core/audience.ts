import { domainPart } from "./address";
import { capBounds, exact, unionBounds } from "./bounds";
import type { Bounds, ListExpansion, RecipientField } from "./types";

/** A person or list the message is addressed to, after parsing and classification. */
export interface AudienceEntry {
  /** Lower-case ASCII address. */
  address: string;
  /** The fields it appears in (a person may be in To and Bcc at once). */
  fields: ReadonlySet<RecipientField>;
  /** True when the address is outside the organisation (anything but internal). */
  external: boolean;
}

/** What the message reaches: every number is a bound, exact when lower = upper. */
export interface AudienceSummary {
  /** People reached, deduplicated, To+Cc+Bcc. */
  total: Bounds;
  /** People who can see each other: the To+Cc part. */
  visible: Bounds;
  /** People outside the organisation. */
  external: Bounds;
  /** External domains known among the people (direct recipients, enumerated lists, outsiders read from lists), lower-case ASCII, sorted. */
  externalDomains: string[];
}

export interface AudienceInput {
  /** Direct people (not lists). */
  people: readonly AudienceEntry[];
  /** Lists, with what the directory learned of each (one entry per distinct list address). */
  lists: readonly { entry: AudienceEntry; expansion: ListExpansion }[];
  /** Whether an address (a list member) is outside the organisation. */
  isExternal: (address: string) => boolean;
  /** Whether a domain is outside the organisation (the domains a list is known to hold outsiders from). */
  isExternalDomain: (domain: string) => boolean;
  /**
   * Fields Outlook could not hand over in full (MessageSnapshot.truncatedFields): the people read
   * are a lower bound, and anyone, outsiders too, may hide among the rest.
   */
  unreadFields?: ReadonlySet<RecipientField>;
}

const isVisible = (fields: ReadonlySet<RecipientField>): boolean => fields.has("to") || fields.has("cc");

/**
 * Combines direct recipients and per-list bounds into bounds for the whole audience:
 * `max(list) ≤ |union| ≤ Σ lists + direct`, exact when every list is known member by member.
 * Enumerated lists contribute their members to the exactly known set, so overlaps among them and
 * with direct recipients are counted once.
 */
export function computeAudience(input: AudienceInput): AudienceSummary {
  const unread = input.unreadFields ?? new Set<RecipientField>();
  const all = partBounds(input, () => true, unread.size > 0);
  return {
    total: all.people,
    visible: partBounds(input, isVisible, unread.has("to") || unread.has("cc")).people,
    external: all.external,
    externalDomains: externalDomains(input),
  };
}

const OPEN: Bounds = { lower: 0, upper: Number.POSITIVE_INFINITY };

function partBounds(
  input: AudienceInput,
  inPart: (fields: ReadonlySet<RecipientField>) => boolean,
  hasUnread: boolean,
): { people: Bounds; external: Bounds } {
  const known = new Set<string>();
  const knownExternal = new Set<string>();
  const openPeople: Bounds[] = [];
  const openExternal: Bounds[] = [];
  const seen = new Set<string>();
  const seenExternal = new Set<string>();
  for (const person of input.people) {
    if (!inPart(person.fields)) continue;
    known.add(person.address);
    if (person.external) knownExternal.add(person.address);
  }
  for (const { entry, expansion } of input.lists) {
    if (!inPart(entry.fields)) continue;
    if (expansion.members) {
      for (const member of expansion.members) {
        known.add(member);
        if (input.isExternal(member)) knownExternal.add(member);
      }
    } else {
      // Outsiders read from a list are real people; the list's own bounds still count them (an upper bound may count twice).
      for (const outsider of expansion.knownMembers ?? []) {
        seen.add(outsider);
        if (input.isExternal(outsider)) seenExternal.add(outsider);
      }
      openPeople.push(expansion.people);
      openExternal.push(expansion.external);
    }
  }
  if (hasUnread) {
    openPeople.push(OPEN);
    openExternal.push(OPEN);
  }
  // Outsiders read from lists raise the lower bounds only: their lists' own bounds already count them above.
  const atLeast = (exactly: Set<string>, also: Set<string>): number => exactly.size + [...also].filter((a) => !exactly.has(a)).length;
  const people = raiseLower(unionBounds(known.size, openPeople), atLeast(known, seen));
  return { people, external: capBounds(raiseLower(unionBounds(knownExternal.size, openExternal), atLeast(knownExternal, seenExternal)), people) };
}

function externalDomains(input: AudienceInput): string[] {
  const domains = new Set<string>();
  const add = (address: string): void => {
    const domain = domainPart(address);
    if (domain !== undefined) domains.add(domain);
  };
  for (const person of input.people) if (person.external) add(person.address);
  for (const { expansion } of input.lists) {
    for (const member of expansion.members ?? expansion.knownMembers ?? []) if (input.isExternal(member)) add(member);
    // Domains known without their people's addresses (the tenant list index), unless the list was read whole.
    if (!expansion.members) {
      for (const domain of (expansion.externalDomains ?? []).map((d) => d.toLowerCase())) if (input.isExternalDomain(domain)) domains.add(domain);
    }
  }
  return [...domains].sort();
}

function raiseLower(b: Bounds, lower: number): Bounds {
  return { lower: Math.max(b.lower, Math.min(lower, b.upper)), upper: b.upper };
}

/** The bounds a list contributes once it has been enumerated. */
export function enumeratedBounds(members: readonly string[]): Bounds {
  return exact(new Set(members).size);
}
