import { createHash } from "node:crypto";
import { domainOf, matchAddress, parsePattern, renderAddress, type GeneratedPattern } from "./GeneratedPattern";
import { RangeSet, type NumberRange } from "./RangeSet";
import type { DirectorySpec, GroupSpec, GroupType } from "./types";

/**
 * The directory the fake serves, built from a validated DirectorySpec: who exists, which groups
 * contain whom (flattened through nesting and cycles), and the Exchange-style metrics mail tips
 * report. Generated members stay numbers (RangeSet) until a page of them is rendered.
 */

/** A person: a user (member or guest) or a mail contact. */
export interface PersonEntry {
  readonly kind: "user" | "orgContact";
  readonly mail: string;
  readonly displayName: string;
  /** Guests, contacts, and users whose domain is not a tenant domain (mail users included). */
  readonly external: boolean;
  /** Entra's `userType`; contacts have none in Graph, it is never served for them. */
  readonly userType: "Member" | "Guest";
}

export interface GroupRecord {
  readonly id: string;
  readonly mail: string;
  readonly key: string;
  readonly displayName: string;
  readonly type: GroupType;
  /** Alias addresses as written (without `smtp:`). */
  readonly aliases: readonly string[];
  readonly dynamic: boolean;
  readonly memberKeys: readonly string[];
  /** Member addresses as written, by lower-case key. */
  readonly memberText: ReadonlyMap<string, string>;
  readonly generate: readonly { pattern: GeneratedPattern; range: NumberRange }[];
  readonly mailTips: GroupSpec["mailTips"];
}

export type MemberEntry = PersonEntry | { readonly kind: "group"; readonly group: GroupRecord };

/**
 * Which members a listing or count covers: the OData cast, and an optional `userType eq '…'`
 * filter (compared case-insensitively; it keeps users only, and a value other than Guest or
 * Member keeps nobody).
 */
export interface MemberFilter {
  type: "directoryObject" | "user" | "orgContact" | "group";
  userType?: string;
}

/** What a recipient address is, for mail tips. */
export type Recipient = { kind: "group"; group: GroupRecord } | { kind: "person"; person: PersonEntry };

/** A stable, GUID-shaped object id derived from the address, so ids survive `load()`. */
export function objectIdFor(kind: string, address: string): string {
  const hex = createHash("sha1").update(`${kind}:${address.toLowerCase()}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function localPart(address: string): string {
  return address.slice(0, address.lastIndexOf("@"));
}

interface GeneratedRun {
  pattern: GeneratedPattern;
  numbers: RangeSet;
  external: boolean;
  userType: "Member" | "Guest";
}

interface Segment {
  length: number;
  at(index: number): MemberEntry;
}

/** The flattened members of one group: explicit people, generated runs and nested groups. */
export class MemberList {
  constructor(
    private readonly people: readonly PersonEntry[],
    private readonly runs: readonly GeneratedRun[],
    private readonly groups: readonly GroupRecord[],
  ) {}

  count(filter: MemberFilter): number {
    return this.segments(filter).reduce((sum, s) => sum + s.length, 0);
  }

  /** Members `offset` … `offset + limit - 1` in a fixed order: explicit people, generated runs, groups. */
  page(filter: MemberFilter, offset: number, limit: number): MemberEntry[] {
    const out: MemberEntry[] = [];
    let skip = offset;
    for (const segment of this.segments(filter)) {
      if (skip >= segment.length) {
        skip -= segment.length;
        continue;
      }
      for (let i = skip; i < segment.length && out.length < limit; i++) out.push(segment.at(i));
      skip = 0;
      if (out.length >= limit) break;
    }
    return out;
  }

  /** People only (nested groups excluded) and how many of them are external. */
  peopleCounts(): { people: number; external: number } {
    let people = this.people.length;
    let external = this.people.filter((p) => p.external).length;
    for (const run of this.runs) {
      people += run.numbers.size;
      if (run.external) external += run.numbers.size;
    }
    return { people, external };
  }

  private segments(filter: MemberFilter): Segment[] {
    const wantsUsers = filter.type === "directoryObject" || filter.type === "user";
    const userType = filter.userType?.toLowerCase();
    const userTypeOk = (type: "Member" | "Guest"): boolean => userType === undefined || userType === type.toLowerCase();
    const people = this.people.filter((p) =>
      p.kind === "user" ? wantsUsers && userTypeOk(p.userType) : filter.userType === undefined && (filter.type === "directoryObject" || filter.type === "orgContact"),
    );
    const segments: Segment[] = [{ length: people.length, at: (i) => people[i] as PersonEntry }];
    if (wantsUsers) {
      for (const run of this.runs) {
        if (!userTypeOk(run.userType)) continue;
        segments.push({
          length: run.numbers.size,
          at: (i) => {
            const mail = renderAddress(run.pattern, run.numbers.at(i));
            return { kind: "user", mail, displayName: localPart(mail), external: run.external, userType: run.userType };
          },
        });
      }
    }
    if (filter.userType === undefined && (filter.type === "directoryObject" || filter.type === "group")) {
      const groups = this.groups;
      segments.push({ length: groups.length, at: (i) => ({ kind: "group", group: groups[i] as GroupRecord }) });
    }
    return segments;
  }
}

/** Which permissions the add-in holds in this tenant (DirectorySpec `consent`). */
export interface TenantConsent {
  readonly mail: boolean;
  readonly groups: boolean;
  readonly users: boolean;
  readonly contacts: boolean;
}

export class FakeTenant {
  readonly consent: TenantConsent;
  private readonly tenantDomains: ReadonlySet<string>;
  private readonly people = new Map<string, PersonEntry>();
  /** By primary address. */
  private readonly groupsByKey = new Map<string, GroupRecord>();
  /** By alias address. */
  private readonly groupsByAlias = new Map<string, GroupRecord>();
  private readonly groupsById = new Map<string, GroupRecord>();
  /** One pattern object per pattern key, across all groups. */
  private readonly patterns = new Map<string, GeneratedPattern>();
  /** Declared people whose address a pattern generates: they keep their declared kind. */
  private readonly declaredByPattern = new Map<string, Map<number, PersonEntry>>();
  private readonly transitiveCache = new Map<string, MemberList>();

  /** `spec` must have passed DirectorySpecSchema. */
  constructor(spec: DirectorySpec | undefined) {
    const consent = spec?.consent;
    this.consent = { mail: consent?.mail ?? true, groups: consent?.groups ?? true, users: consent?.users ?? true, contacts: consent?.contacts ?? true };
    this.tenantDomains = new Set((spec?.tenantDomains ?? []).map((d) => d.toLowerCase()));
    for (const user of spec?.users ?? []) {
      const outside = !this.isInternalDomain(domainOf(user.mail));
      const userType = user.userType ?? (user.guest === true || outside ? "Guest" : "Member");
      const external = userType === "Guest" || outside;
      this.people.set(user.mail.toLowerCase(), { kind: "user", mail: user.mail, displayName: user.displayName ?? localPart(user.mail), external, userType });
    }
    for (const contact of spec?.contacts ?? []) {
      this.people.set(contact.mail.toLowerCase(), {
        kind: "orgContact",
        mail: contact.mail,
        displayName: contact.displayName ?? localPart(contact.mail),
        external: true,
        userType: "Guest",
      });
    }
    for (const group of spec?.groups ?? []) {
      const record = this.groupRecord(group);
      this.groupsByKey.set(record.key, record);
      for (const alias of record.aliases) this.groupsByAlias.set(alias.toLowerCase(), record);
      if (!record.dynamic) this.groupsById.set(record.id, record);
    }
    for (const [key, person] of this.people) {
      const hit = this.matchGenerated(key);
      if (!hit) continue;
      const byNumber = this.declaredByPattern.get(hit.pattern.key) ?? new Map<number, PersonEntry>();
      byNumber.set(hit.n, person);
      this.declaredByPattern.set(hit.pattern.key, byNumber);
    }
  }

  /** The first tenant domain: guests' user principal names end with it. */
  get primaryDomain(): string | undefined {
    return this.tenantDomains.values().next().value;
  }

  /** Whether the address was declared as a user, contact or group. */
  isDeclared(address: string): boolean {
    const key = address.toLowerCase();
    return this.people.has(key) || this.groupByMail(key) !== undefined;
  }

  isInternalDomain(domain: string): boolean {
    return this.tenantDomains.has(domain.toLowerCase());
  }

  /** Any declared group with this address, primary or alias, dynamic ones included. */
  groupByMail(address: string): GroupRecord | undefined {
    const key = address.toLowerCase();
    return this.groupsByKey.get(key) ?? this.groupsByAlias.get(key);
  }

  /** Groups Graph knows: dynamic distribution groups are not in the directory. */
  visibleGroups(): GroupRecord[] {
    return [...this.groupsById.values()];
  }

  visibleGroupById(id: string): GroupRecord | undefined {
    return this.groupsById.get(id.toLowerCase());
  }

  /** What an address is. Undeclared addresses are users, external when outside the tenant domains. */
  recipient(address: string): Recipient {
    const group = this.groupByMail(address);
    if (group) return { kind: "group", group };
    return { kind: "person", person: this.person(address) };
  }

  /**
   * Everyone in `group` through any depth of nesting, each person once (addresses compared
   * case-insensitively; a generated address is the same person wherever it appears). Cycles end
   * because each group is visited once. Dynamic groups nested inside are invisible to Graph, so
   * they contribute nothing.
   */
  transitiveMembers(group: GroupRecord): MemberList {
    const cached = this.transitiveCache.get(group.key);
    if (cached) return cached;
    const reached = new Map<string, GroupRecord>([[group.key, group]]);
    const queue = [group];
    for (let next = queue.shift(); next; next = queue.shift()) {
      for (const key of next.memberKeys) {
        const nested = this.groupByMail(key);
        if (nested && !nested.dynamic && !reached.has(nested.key)) {
          reached.set(nested.key, nested);
          queue.push(nested);
        }
      }
    }
    const nestedGroups = [...reached.values()].filter((g) => g.key !== group.key);
    const list = this.flatten([...reached.values()], nestedGroups);
    this.transitiveCache.set(group.key, list);
    return list;
  }

  /**
   * Exchange's default group metrics: direct members only, each nested group (dynamic or not)
   * counting as one member; external = direct people who are external.
   */
  directMetrics(group: GroupRecord): { totalMemberCount: number; externalMemberCount: number } {
    const nested = this.directGroups(group, true).length;
    const counts = this.flatten([group], []).peopleCounts();
    return { totalMemberCount: counts.people + nested, externalMemberCount: counts.external };
  }

  /** The group's own members (`/members`): its people and the groups directly inside it, visible ones only. */
  directMembers(group: GroupRecord): MemberList {
    return this.flatten([group], this.directGroups(group, false));
  }

  /** Groups named as members of `group`, each once, itself excluded; dynamic ones only when asked. */
  private directGroups(group: GroupRecord, withDynamic: boolean): GroupRecord[] {
    const out = new Map<string, GroupRecord>();
    for (const key of group.memberKeys) {
      const nested = this.groupByMail(key);
      if (nested && nested.key !== group.key && (withDynamic || !nested.dynamic)) out.set(nested.key, nested);
    }
    return [...out.values()];
  }

  private flatten(groups: readonly GroupRecord[], nestedGroups: readonly GroupRecord[]): MemberList {
    const explicit = new Map<string, PersonEntry>();
    const numbers = new Map<string, NumberRange[]>();
    const addNumbers = (pattern: GeneratedPattern, range: NumberRange): void => {
      const list = numbers.get(pattern.key) ?? [];
      list.push(range);
      numbers.set(pattern.key, list);
    };
    for (const group of groups) {
      for (const { pattern, range } of group.generate) addNumbers(pattern, range);
      for (const key of group.memberKeys) {
        if (this.groupByMail(key) !== undefined || explicit.has(key)) continue;
        const hit = this.matchGenerated(key);
        if (hit) addNumbers(hit.pattern, { start: hit.n, end: hit.n + 1 });
        else explicit.set(key, this.person(group.memberText.get(key) ?? key));
      }
    }
    const runs: GeneratedRun[] = [];
    for (const [key, ranges] of numbers) {
      const pattern = this.patterns.get(key) as GeneratedPattern;
      let set = RangeSet.of(ranges);
      const declared = this.declaredByPattern.get(key);
      if (declared) {
        const inSet = [...declared.keys()].filter((n) => set.has(n));
        for (const n of inSet) {
          const person = declared.get(n) as PersonEntry;
          explicit.set(person.mail.toLowerCase(), person);
        }
        set = set.without(inSet);
      }
      // Undeclared generated people outside the tenant domains are guests, as undeclared users are.
      const outside = !this.isInternalDomain(pattern.domain);
      if (set.size > 0) runs.push({ pattern, numbers: set, external: outside, userType: outside ? "Guest" : "Member" });
    }
    runs.sort((a, b) => (a.pattern.key < b.pattern.key ? -1 : a.pattern.key > b.pattern.key ? 1 : 0));
    return new MemberList([...explicit.values()], runs, nestedGroups);
  }

  private person(address: string): PersonEntry {
    const declared = this.people.get(address.toLowerCase());
    if (declared) return declared;
    const outside = !this.isInternalDomain(domainOf(address));
    return { kind: "user", mail: address, displayName: localPart(address), external: outside, userType: outside ? "Guest" : "Member" };
  }

  private matchGenerated(address: string): { pattern: GeneratedPattern; n: number } | undefined {
    for (const pattern of this.patterns.values()) {
      const n = matchAddress(pattern, address);
      if (n !== undefined) return { pattern, n };
    }
    return undefined;
  }

  private groupRecord(spec: GroupSpec): GroupRecord {
    const memberText = new Map<string, string>();
    for (const member of spec.members ?? []) {
      const key = member.toLowerCase();
      if (!memberText.has(key)) memberText.set(key, member);
    }
    const generate = (spec.generate ?? []).map((entry) => {
      const parsed = parsePattern(entry.pattern);
      if (!parsed.ok) throw new Error(`invalid pattern ${entry.pattern}: ${parsed.problem}`);
      const pattern = this.patterns.get(parsed.pattern.key) ?? parsed.pattern;
      this.patterns.set(pattern.key, pattern);
      return { pattern, range: { start: entry.from, end: entry.from + entry.count } };
    });
    return {
      id: objectIdFor("group", spec.mail),
      mail: spec.mail,
      key: spec.mail.toLowerCase(),
      displayName: spec.displayName ?? localPart(spec.mail),
      type: spec.type ?? "distribution",
      aliases: spec.aliases ?? [],
      dynamic: spec.dynamic === true,
      memberKeys: [...memberText.keys()],
      memberText,
      generate,
      mailTips: spec.mailTips,
    };
  }
}
