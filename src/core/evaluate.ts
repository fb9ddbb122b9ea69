import { domainPart, parseAddress } from "./address";
import type { AudienceEntry, AudienceSummary } from "./audience";
import { computeAudience } from "./audience";
import { UNKNOWN_BOUNDS, certainlyAbove, exact, isUndecided, possiblyAbove } from "./bounds";
import type { AddressClass, ClassifiedMessage, ClassifiedRecipient } from "./classify";
import { classifyMessage } from "./classify";
import type { ErrorCode } from "./errors";
import { fixLabel, fixShortLabel, formatReason, resolveLocale } from "./messages";
import type { ReasonParams } from "./messages";
import type { LookalikeMatch } from "./lookalike";
import type { Policy, PolicyAction } from "./policy";
import type {
  Action,
  ComposeType,
  FixCode,
  ListExpansion,
  MessageSnapshot,
  ReasonCode,
  RecipientField,
  RecipientInput,
} from "./types";
import { RECIPIENT_FIELDS, assertNever } from "./types";

/** One thing the check found, with its own action and person-facing message. */
export interface Reason {
  code: ReasonCode;
  /**
   * What the reason asks for. `allow` only for what the check could not learn (`directory-failure`,
   * `unknown-list`, `unread-recipients`) under a policy that allows it anyway: the verdict records why it allowed.
   */
  action: Action;
  message: string;
  /** List addresses the reason is about. */
  lists?: string[];
  /** Domains the reason is about. */
  domains?: string[];
  /** Recipient addresses the reason is about. */
  recipients?: string[];
  /** `lookalike-domain`: each look-alike domain, the domain it imitates and how it was found (CONTRACT.md §7). */
  pairs?: LookalikePair[];
}

/** One look-alike domain of a `lookalike-domain` reason. */
export interface LookalikePair {
  domain: string;
  imitates: string;
  match: LookalikeMatch;
}

/** A concrete recipient change: the new content of each field it touches; fields it does not name stay as they are. */
export interface Fix {
  code: FixCode;
  label: string;
  /** ≤ 20 characters: fits Outlook's Smart Alert `cancelLabel`. */
  shortLabel: string;
  /** The reason this fix clears. */
  resolves: ReasonCode;
  set: Partial<Record<RecipientField, RecipientInput[]>>;
}

/** One list as the verdict reports it: what the directory said (members left out), and where it is addressed. */
export type ListReport = Pick<ListExpansion, "address" | "displayName" | "people" | "external" | "source" | "mayBeStale" | "asOf"> & {
  fields: RecipientField[];
};

export interface Verdict {
  action: Action;
  audience: AudienceSummary & { lists: ListReport[] };
  reasons: Reason[];
  fixes: Fix[];
  /** The locale the messages are written in. */
  locale: string;
}

export interface EvaluateInput {
  message: MessageSnapshot;
  policy: Policy;
  /** What the directory learned about the message's lists; a list missing here is unknown. */
  lists?: readonly ListExpansion[];
  /** Set when the directory failed as a whole (timeout, throttled beyond retry, unreachable). */
  directoryFailure?: ErrorCode;
  /** BCP 47 tag of the person's language; falls back to en-US. */
  locale?: string;
}

const SEVERITY: Record<Action, number> = { allow: 0, warn: 1, block: 2 };

/** The most severe of the actions; `allow` for none. */
export function mostSevere(actions: readonly Action[]): Action {
  return actions.reduce<Action>((worst, a) => (SEVERITY[a] > SEVERITY[worst] ? a : worst), "allow");
}

/** The limits that apply to a compose type: reply and reply-all share the reply limits. */
export function limitsFor(policy: Pick<Policy, "limits">, composeType: ComposeType): Policy["limits"]["new"] {
  switch (composeType) {
    case "new":
      return policy.limits.new;
    case "reply":
    case "replyAll":
      return policy.limits.reply;
    case "forward":
      return policy.limits.forward;
    default:
      return assertNever(composeType, "compose type");
  }
}

/** Whether the policy's `exemptSenders` names the sender: the Send is allowed whatever it reaches. */
export function isExemptSender(policy: Policy, from: string): boolean {
  const sender = parseAddress(from);
  return sender !== undefined && policy.exemptSenders.some((a) => parseAddress(a)?.address === sender.address);
}

/** Merges recipients with the same address (a person in To and Bcc is one person). */
function entries(recipients: readonly ClassifiedRecipient[]): Map<string, { entry: AudienceEntry; first: ClassifiedRecipient }> {
  const byAddress = new Map<string, { entry: AudienceEntry; first: ClassifiedRecipient; fields: Set<RecipientField> }>();
  for (const r of recipients) {
    const seen = byAddress.get(r.address);
    if (seen) seen.fields.add(r.field);
    else {
      const fields = new Set<RecipientField>([r.field]);
      byAddress.set(r.address, { entry: { address: r.address, fields, external: r.addressClass !== "internal" }, first: r, fields });
    }
  }
  return byAddress;
}

/**
 * Decides what to do with a message: the audience it reaches, the reasons that apply, the most
 * severe action and the fixes. Total: any message, any policy, any directory answer gives a verdict.
 */
export function evaluate(input: EvaluateInput): Verdict {
  const { message, policy } = input;
  const locale = resolveLocale(input.locale);
  const assessment = assess(message, policy, input.lists ?? []);
  const { audience } = assessment;

  if (isExemptSender(policy, message.from)) return { action: "allow", audience, reasons: [], fixes: [], locale };

  const reasons = findReasons({ message, policy, assessment, directoryFailure: input.directoryFailure }).map(
    ({ action, params, ...about }): Reason => ({ code: params.code, action, message: formatReason(params, locale), ...about }),
  );
  const fixes = proposeFixes(message, policy, assessment, reasons, locale);
  return { action: mostSevere(reasons.map((r) => r.action)), audience, reasons, fixes, locale };
}

/** A list of the message as the check sees it: where it is addressed and what the directory said. */
interface ListEntry {
  entry: AudienceEntry;
  first: ClassifiedRecipient;
  expansion: ListExpansion;
}

interface Assessment {
  classified: ClassifiedMessage;
  audience: Verdict["audience"];
  lists: ListEntry[];
  /** Recipients that are people: named directly, or possible lists the directory says are not lists. */
  people: ClassifiedRecipient[];
}

/** Classifies the recipients and combines them with the directory's answers into the audience. */
function assess(message: MessageSnapshot, policy: Policy, known: readonly ListExpansion[]): Assessment {
  const classified = classifyMessage(message, policy);
  const expansions = new Map(known.map((l) => [l.address, l]));
  const isList = (r: ClassifiedRecipient): boolean => r.mayBeList && expansions.get(r.address)?.notAList !== true;
  const isExternalDomain = (domain: string): boolean => classified.classify(domain) !== "internal";
  const isExternal = (address: string): boolean => {
    const domain = domainPart(address);
    return domain === undefined || isExternalDomain(domain);
  };

  const people = classified.recipients.filter((r) => !isList(r));
  const listEntries: ListEntry[] = [...entries(classified.recipients.filter(isList)).values()].map(({ entry, first }) => ({
    entry,
    first,
    expansion: expansions.get(entry.address) ?? unknownList(entry.address),
  }));
  const summary = computeAudience({
    people: [...entries(people).values()].map((e) => e.entry),
    lists: listEntries,
    isExternal,
    isExternalDomain,
    unreadFields: new Set(message.truncatedFields ?? []),
  });
  const lists: ListReport[] = listEntries.map(({ entry, first, expansion }) => {
    const displayName = expansion.displayName ?? first.input.displayName;
    return {
      address: entry.address,
      ...(displayName ? { displayName } : {}),
      people: expansion.people,
      // An enumerated list's outsiders are known by their domains.
      external: expansion.members ? exact(expansion.members.filter(isExternal).length) : expansion.external,
      source: expansion.source,
      ...(expansion.mayBeStale ? { mayBeStale: true } : {}),
      ...(expansion.asOf !== undefined ? { asOf: expansion.asOf } : {}),
      fields: RECIPIENT_FIELDS.filter((f) => entry.fields.has(f)),
    };
  });
  return { classified, audience: { ...summary, lists }, lists: listEntries, people };
}

/**
 * Whether a limit of the policy falls strictly inside the audience's bounds, so that knowing the
 * lists member by member (enumeration) could change the verdict.
 */
export function needsPrecision(message: MessageSnapshot, policy: Policy, lists: readonly ListExpansion[]): boolean {
  const { audience } = assess(message, policy, lists);
  const limits = limitsFor(policy, message.composeType);
  const bccApplies = message.composeType === "new" || message.composeType === "forward";
  return (
    isUndecided(audience.total, limits.warnAbove) ||
    isUndecided(audience.total, limits.blockAbove) ||
    (bccApplies && isUndecided(audience.visible, policy.bccAdvisedAbove))
  );
}

function unknownList(address: string): ListExpansion {
  return { address, people: UNKNOWN_BOUNDS, external: UNKNOWN_BOUNDS, source: "unknown" };
}

interface Finding {
  action: Action;
  params: ReasonParams;
  pairs?: LookalikePair[];
  lists?: string[];
  domains?: string[];
  recipients?: string[];
}

function asFindingAction(action: PolicyAction): Exclude<Action, "allow"> | undefined {
  return action === "allow" ? undefined : action;
}

const listName = (l: Pick<ListReport, "displayName" | "address">): string => l.displayName ?? l.address;

/**
 * Whether a list's `errorCode` says the directory could not answer (a fault, a missing permission, the
 * deadline) rather than that no such list exists.
 */
export function isDirectoryFault(errorCode: string | undefined): boolean {
  return errorCode !== undefined && errorCode !== "graph_not_found";
}

/**
 * Someone outside the organisation found inside a list: an enumerated member or an outsider read from
 * it — or, with no `address`, a domain the list is known to hold outsiders from without their
 * addresses (the tenant list index's `externalDomains`).
 */
interface InsideOutsider {
  address?: string;
  domain: string;
  addressClass: AddressClass;
  list: string;
}

/**
 * People outside the internal domains found inside the lists, wherever the directory could read
 * them, and the domains of those it could not name: a blocked or look-alike domain inside a list
 * decides as if it were named, whether or not its people's addresses are known.
 */
function outsidersInside(lists: readonly ListEntry[], classified: ClassifiedMessage): InsideOutsider[] {
  const found: InsideOutsider[] = [];
  for (const { entry, expansion } of lists) {
    const named = new Set<string>();
    for (const address of expansion.members ?? expansion.knownMembers ?? []) {
      const domain = domainPart(address);
      if (domain === undefined) continue;
      named.add(domain);
      const addressClass = classified.classify(domain);
      if (addressClass !== "internal") found.push({ address, domain, addressClass, list: entry.address });
    }
    // A list read whole names everyone; otherwise the domains known without addresses count too.
    if (expansion.members) continue;
    for (const raw of expansion.externalDomains ?? []) {
      const domain = raw.toLowerCase();
      if (named.has(domain)) continue;
      named.add(domain);
      const addressClass = classified.classify(domain);
      if (addressClass !== "internal") found.push({ domain, addressClass, list: entry.address });
    }
  }
  return found;
}

/**
 * Outsiders a list is known to hold whose addresses could not be read: the list's lower bound of
 * external people minus those read. They may be anyone, so the external rule counts them.
 */
function hiddenOutsiders(expansion: ListExpansion, classified: ClassifiedMessage): number {
  if (expansion.members) return 0;
  const read = (expansion.knownMembers ?? []).filter((a) => {
    const domain = domainPart(a);
    return domain === undefined || classified.classify(domain) !== "internal";
  }).length;
  return Math.max(0, expansion.external.lower - read);
}

function findReasons(ctx: { message: MessageSnapshot; policy: Policy; assessment: Assessment; directoryFailure: ErrorCode | undefined }): Finding[] {
  const { message, policy } = ctx;
  const { classified, audience, lists } = ctx.assessment;
  const findings: Finding[] = [];
  // Domain rules look at every address of the message, lists' own addresses included, and at the
  // people found inside the lists.
  const addressed = classified.recipients;
  const inside = outsidersInside(lists, classified);
  const distinct = <T,>(items: readonly T[], key: (item: T) => string): string[] => [...new Set(items.map(key))];
  const listsHolding = (cls: AddressClass): string[] => distinct(inside.filter((o) => o.addressClass === cls), (o) => o.list);

  // Large audience: judged on people reached after expansion; certain crossings decide, a finite
  // upper bound above a limit warns that the message may reach that many.
  const limits = limitsFor(policy, message.composeType);
  const total = audience.total;
  const bySize = [...audience.lists].sort((a, b) => b.people.lower - a.people.lower);
  const overBlock = certainlyAbove(total, limits.blockAbove);
  const overWarn = certainlyAbove(total, limits.warnAbove);
  const mayExceed =
    Number.isFinite(total.upper) && (possiblyAbove(total, limits.blockAbove) || possiblyAbove(total, limits.warnAbove));
  if (overBlock || overWarn || mayExceed) {
    const limit = overBlock ? limits.blockAbove : overWarn ? limits.warnAbove : (limits.warnAbove ?? limits.blockAbove);
    findings.push({
      action: overBlock ? "block" : "warn",
      params: {
        code: "large-audience",
        composeType: message.composeType,
        people: total,
        limit: limit ?? 0,
        lists: bySize.map(listName),
        thresholds: [limits.warnAbove, limits.blockAbove],
      },
      lists: bySize.map((l) => l.address),
    });
  }

  // Bcc advised: everyone in To and Cc can reply to everyone else (new messages and forwards).
  if ((message.composeType === "new" || message.composeType === "forward") && certainlyAbove(audience.visible, policy.bccAdvisedAbove)) {
    const visibleLists = audience.lists.filter((l) => l.fields.includes("to") || l.fields.includes("cc"));
    findings.push({
      action: "warn",
      params: { code: "bcc-advised", visible: audience.visible, limit: policy.bccAdvisedAbove ?? 0 },
      lists: visibleLists.map((l) => l.address),
    });
  }

  const blocked = addressed.filter((r) => r.addressClass === "blocked");
  const blockedInside = inside.filter((o) => o.addressClass === "blocked");
  if (blocked.length > 0 || blockedInside.length > 0) {
    const domains = distinct([...blocked, ...blockedInside], (r) => r.domain);
    findings.push({
      action: "block",
      params: { code: "blocked-domain", domains },
      domains,
      recipients: distinct(blocked, (r) => r.address),
      ...(blockedInside.length > 0 ? { lists: listsHolding("blocked") } : {}),
    });
  }

  // Look-alikes, named directly or found inside a list: each domain once, with how it was found; the
  // reason takes the most severe of their kinds' actions.
  const lookalikes = addressed.filter((r) => r.addressClass === "lookalike");
  const lookalikesInside = inside.filter((o) => o.addressClass === "lookalike");
  const pairs = [
    ...new Map(
      [...lookalikes, ...lookalikesInside].flatMap((r) => {
        const found = classified.lookalikeOf(r.domain);
        return found ? [[r.domain, { domain: r.domain, imitates: found.imitates, match: found.match }] as const] : [];
      }),
    ).values(),
  ];
  const lookalikeAction = pairs.length > 0 ? asFindingAction(mostSevere(pairs.map((p) => policy.lookalike[p.match]))) : undefined;
  if (lookalikeAction) {
    findings.push({
      action: lookalikeAction,
      params: { code: "lookalike-domain", pairs },
      pairs,
      domains: pairs.map((p) => p.domain),
      recipients: distinct(lookalikes, (r) => r.address),
      ...(lookalikesInside.length > 0 ? { lists: listsHolding("lookalike") } : {}),
    });
  }

  // External: untrusted people outside the organisation, named directly, found inside a list, or
  // counted inside a list without their addresses being readable (trusted partners are outside too, but fine).
  const externalAction = asFindingAction(policy.external);
  const external = addressed.filter((r) => r.addressClass === "external");
  const untrusted = new Set([...external.map((r) => r.address), ...inside.flatMap((o) => (o.addressClass === "external" && o.address !== undefined ? [o.address] : []))]);
  const hidden = lists.map((l) => ({ list: l, count: hiddenOutsiders(l.expansion, classified) })).filter((h) => h.count > 0);
  if (externalAction && (untrusted.size > 0 || hidden.length > 0)) {
    // The domains of outsiders known without addresses are named; their people are counted in `hidden`.
    const hiddenHolders = new Set(hidden.map((h) => h.list.entry.address));
    const unnamed = inside.filter((o) => o.address === undefined && o.addressClass === "external" && hiddenHolders.has(o.list)).map((o) => o.domain);
    const domains = [...new Set([...[...untrusted].flatMap((a) => domainPart(a) ?? []), ...unnamed])].sort();
    const holding = [...new Set([...listsHolding("external"), ...hidden.map((h) => h.list.entry.address)])];
    const byAddress = new Map(audience.lists.map((l) => [l.address, l]));
    const people = {
      lower: untrusted.size + hidden.reduce((max, h) => Math.max(max, h.count), 0),
      upper: untrusted.size + hidden.reduce((sum, h) => sum + h.count, 0),
    };
    findings.push({
      action: externalAction,
      params: { code: "external-recipients", external: people, domains, lists: holding.map((a) => listName(byAddress.get(a) ?? { address: a })) },
      domains,
      recipients: distinct(external, (r) => r.address),
      ...(holding.length > 0 ? { lists: holding } : {}),
    });
  }

  // What the check could not learn travels in the reasons; the policy decides, and an `allow` is recorded.
  const faulty = lists.filter((l) => isDirectoryFault(l.expansion.errorCode));
  const failure = ctx.directoryFailure ?? (faulty[0]?.expansion.errorCode as ErrorCode | undefined);
  if (failure !== undefined) {
    const about = ctx.directoryFailure ? lists : faulty;
    findings.push({ action: policy.directoryFailure, params: { code: "directory-failure", errorCode: failure }, lists: about.map((l) => l.entry.address) });
  }
  if (!ctx.directoryFailure) {
    const unknown = audience.lists.filter((l, i) => !Number.isFinite(l.people.upper) && !isDirectoryFault(lists[i]?.expansion.errorCode));
    if (unknown.length > 0) {
      findings.push({ action: policy.unknownList, params: { code: "unknown-list", lists: unknown.map(listName), people: total }, lists: unknown.map((l) => l.address) });
    }
  }

  const unread = RECIPIENT_FIELDS.filter((f) => message.truncatedFields?.includes(f) === true);
  if (unread.length > 0) {
    // Outlook handed over only part of a field: more people, and unknown outsiders, may hide there.
    findings.push({ action: mostSevere([policy.unknownList, policy.external]), params: { code: "unread-recipients", fields: unread, people: total } });
  }

  if (classified.invalid.length > 0) {
    const recipients = classified.invalid.map((i) => i.raw);
    findings.push({ action: "warn", params: { code: "invalid-recipient", recipients }, recipients });
  }
  return findings;
}

function keep(message: MessageSnapshot, drop: (field: RecipientField, index: number) => boolean): Fix["set"] {
  const set: Fix["set"] = {};
  for (const field of RECIPIENT_FIELDS) {
    const kept = message[field].filter((_, index) => !drop(field, index));
    if (kept.length !== message[field].length) set[field] = kept;
  }
  return set;
}

/** The person "reply to the sender only" keeps: the original sender, else the first person in To. */
function replyTarget(message: MessageSnapshot, classified: ClassifiedMessage, isList: (r: ClassifiedRecipient) => boolean): RecipientInput | undefined {
  const original = message.originalSender ? parseAddress(message.originalSender) : undefined;
  if (original) {
    const named = classified.recipients.find((r) => r.address === original.address);
    return named?.input ?? { emailAddress: original.address, ...(original.displayName ? { displayName: original.displayName } : {}), recipientType: "user" };
  }
  return classified.recipients.find((r) => r.field === "to" && !isList(r))?.input;
}

/**
 * The recipient change a fix makes. Removing outsiders removes the recipients in that class and the
 * lists the reason names as holding them (a list's members cannot be removed from the message).
 */
function planFix(code: FixCode, message: MessageSnapshot, policy: Policy, assessment: Assessment, reason: Reason): Fix["set"] | undefined {
  const { classified } = assessment;
  const listAddresses = new Set(assessment.lists.map((l) => l.entry.address));
  const isList = (r: ClassifiedRecipient): boolean => listAddresses.has(r.address);
  const removeClass = (cls: ClassifiedRecipient["addressClass"]): Fix["set"] => {
    const holding = new Set(reason.lists ?? []);
    const doomed = new Set(classified.recipients.filter((r) => r.addressClass === cls || (isList(r) && holding.has(r.address))).map((r) => `${r.field}:${r.index}`));
    return keep(message, (field, index) => doomed.has(`${field}:${index}`));
  };
  switch (code) {
    case "reply-to-sender-only": {
      const target = replyTarget(message, classified, isList);
      return target ? { to: [target], cc: [], bcc: [] } : undefined;
    }
    case "move-lists-to-bcc": {
      const visible = classified.recipients.filter((r) => r.field !== "bcc");
      const visiblePeople = new Set(visible.filter((r) => !isList(r)).map((r) => r.address));
      // When the people named directly are already too many, moving the lists alone would not help.
      const moveAll = policy.bccAdvisedAbove !== null && visiblePeople.size > policy.bccAdvisedAbove;
      const moving = visible.filter((r) => moveAll || isList(r));
      if (moving.length === 0) return undefined;
      const moved = new Set(moving.map((r) => `${r.field}:${r.index}`));
      const inBcc = new Set(classified.recipients.filter((r) => r.field === "bcc").map((r) => r.address));
      const added = [...new Map(moving.filter((r) => !inBcc.has(r.address)).map((r) => [r.address, r.input])).values()];
      return {
        to: message.to.filter((_, i) => !moved.has(`to:${i}`)),
        cc: message.cc.filter((_, i) => !moved.has(`cc:${i}`)),
        bcc: [...message.bcc, ...added],
      };
    }
    case "remove-external":
      return removeClass("external");
    case "remove-blocked":
      return removeClass("blocked");
    case "remove-lookalike":
      return removeClass("lookalike");
    default:
      return assertNever(code, "fix code");
  }
}

const FIX_FOR: Record<ReasonCode, (composeType: ComposeType) => FixCode | undefined> = {
  "large-audience": (t) => (t === "reply" || t === "replyAll" ? "reply-to-sender-only" : undefined),
  "bcc-advised": () => "move-lists-to-bcc",
  "external-recipients": () => "remove-external",
  "blocked-domain": () => "remove-blocked",
  "lookalike-domain": () => "remove-lookalike",
  "unknown-list": () => undefined,
  "directory-failure": () => undefined,
  "invalid-recipient": () => undefined,
  "unread-recipients": () => undefined,
};

function proposeFixes(message: MessageSnapshot, policy: Policy, assessment: Assessment, reasons: readonly Reason[], locale: string): Fix[] {
  const fixes: Fix[] = [];
  for (const reason of reasons) {
    const code = reason.action === "allow" ? undefined : FIX_FOR[reason.code](message.composeType);
    if (!code || fixes.some((f) => f.code === code)) continue;
    const set = planFix(code, message, policy, assessment, reason);
    if (set && Object.keys(set).length > 0) {
      fixes.push({ code, label: fixLabel(code, locale), shortLabel: fixShortLabel(code, locale), resolves: reason.code, set });
    }
  }
  return fixes;
}

/** The message after a fix: the fields the fix names are replaced, the others are untouched. */
export function applyFix(message: MessageSnapshot, fix: Pick<Fix, "set">): MessageSnapshot {
  return { ...message, ...fix.set };
}
