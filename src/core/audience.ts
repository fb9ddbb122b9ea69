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
  /** External domains known among the people (direct recipients and enumerated lists), lower-case ASCII, sorted. */
  externalDomains: string[];
}

export interface AudienceInput {
  /** Direct people (not lists). */
  people: readonly AudienceEntry[];
  /** Lists, with what the directory learned of each (one entry per distinct list address). */
  lists: readonly { entry: AudienceEntry; expansion: ListExpansion }[];
  /** Whether an address (a list member) is outside the organisation. */
  isExternal: (address: string) => boolean;
}

const isVisible = (fields: ReadonlySet<RecipientField>): boolean => fields.has("to") || fields.has("cc");

/**
 * Combines direct recipients and per-list bounds into bounds for the whole audience:
 * `max(list) ≤ |union| ≤ Σ lists + direct`, exact when every list is known member by member.
 * Enumerated lists contribute their members to the exactly known set, so overlaps among them and
 * with direct recipients are counted once.
 */
export function computeAudience(input: AudienceInput): AudienceSummary {
  return {
    total: partBounds(input, () => true).people,
    visible: partBounds(input, isVisible).people,
    external: partBounds(input, () => true).external,
    externalDomains: externalDomains(input),
  };
}

function partBounds(input: AudienceInput, inPart: (fields: ReadonlySet<RecipientField>) => boolean): { people: Bounds; external: Bounds } {
  const known = new Set<string>();
  const knownExternal = new Set<string>();
  const openPeople: Bounds[] = [];
  const openExternal: Bounds[] = [];
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
      openPeople.push(expansion.people);
      openExternal.push(expansion.external);
    }
  }
  const people = unionBounds(known.size, openPeople);
  return { people, external: capBounds(unionBounds(knownExternal.size, openExternal), people) };
}

function externalDomains(input: AudienceInput): string[] {
  const domains = new Set<string>();
  const add = (address: string): void => {
    const domain = domainPart(address);
    if (domain !== undefined) domains.add(domain);
  };
  for (const person of input.people) if (person.external) add(person.address);
  for (const { expansion } of input.lists) {
    for (const member of expansion.members ?? []) if (input.isExternal(member)) add(member);
  }
  return [...domains].sort();
}

/** The bounds a list contributes once it has been enumerated. */
export function enumeratedBounds(members: readonly string[]): Bounds {
  return exact(new Set(members).size);
}
