import { domainPart, parseAddress } from "./address";
import type { AudienceEntry, AudienceSummary } from "./audience";
import { computeAudience } from "./audience";
import { UNKNOWN_BOUNDS, certainlyAbove, exact, isUndecided, possiblyAbove } from "./bounds";
import type { ClassifiedMessage, ClassifiedRecipient } from "./classify";
import { classifyMessage } from "./classify";
import type { ErrorCode } from "./errors";
import { fixLabel, fixShortLabel, formatReason, resolveLocale } from "./messages";
import type { ReasonParams } from "./messages";
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
  action: Exclude<Action, "allow">;
  message: string;
  /** List addresses the reason is about. */
  lists?: string[];
  /** Domains the reason is about. */
  domains?: string[];
  /** Recipient addresses the reason is about. */
  recipients?: string[];
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

function limitsFor(policy: Policy, composeType: ComposeType): Policy["limits"]["new"] {
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

function isExempt(policy: Policy, from: string): boolean {
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
  const { classified, audience } = assess(message, policy, input.lists ?? []);

  if (isExempt(policy, message.from)) return { action: "allow", audience, reasons: [], fixes: [], locale };

  const reasons = findReasons({ message, policy, classified, audience, lists: input.lists ?? [], directoryFailure: input.directoryFailure }).map(
    ({ action, params, ...about }): Reason => ({ code: params.code, action, message: formatReason(params, locale), ...about }),
  );
  const fixes = proposeFixes(message, policy, classified, reasons, locale);
  return { action: mostSevere(reasons.map((r) => r.action)), audience, reasons, fixes, locale };
}

/** Classifies the recipients and combines them with the directory's answers into the audience. */
function assess(message: MessageSnapshot, policy: Policy, known: readonly ListExpansion[]): { classified: ClassifiedMessage; audience: Verdict["audience"] } {
  const classified = classifyMessage(message, policy);
  const expansions = new Map((known).map((l) => [l.address, l]));

  const people = [...entries(classified.recipients.filter((r) => !r.isList)).values()].map((e) => e.entry);
  const listEntries = [...entries(classified.recipients.filter((r) => r.isList)).values()].map(({ entry, first }) => ({
    entry,
    first,
    expansion: expansions.get(entry.address) ?? unknownList(entry.address),
  }));
  const summary = computeAudience({
    people,
    lists: listEntries,
    isExternal: (address) => {
      const domain = domainPart(address);
      return domain === undefined || classified.classify(domain) !== "internal";
    },
  });
  const lists: ListReport[] = listEntries.map(({ entry, first, expansion }) => {
    const displayName = expansion.displayName ?? first.input.displayName;
    return {
      address: entry.address,
      ...(displayName ? { displayName } : {}),
      people: expansion.people,
      external: expansion.external,
      source: expansion.source,
      ...(expansion.mayBeStale ? { mayBeStale: true } : {}),
      ...(expansion.asOf !== undefined ? { asOf: expansion.asOf } : {}),
      fields: RECIPIENT_FIELDS.filter((f) => entry.fields.has(f)),
    };
  });
  const audience = { ...summary, lists };
  return { classified, audience };
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
  action: Exclude<Action, "allow">;
  params: ReasonParams;
  lists?: string[];
  domains?: string[];
  recipients?: string[];
}

function asFindingAction(action: PolicyAction): Exclude<Action, "allow"> | undefined {
  return action === "allow" ? undefined : action;
}

const listName = (l: ListReport): string => l.displayName ?? l.address;

function findReasons(ctx: {
  message: MessageSnapshot;
  lists: readonly ListExpansion[];
  policy: Policy;
  classified: ClassifiedMessage;
  audience: Verdict["audience"];
  directoryFailure: ErrorCode | undefined;
}): Finding[] {
  const { message, policy, classified, audience } = ctx;
  const findings: Finding[] = [];
  const direct = classified.recipients.filter((r) => !r.isList);
  const distinct = (rs: readonly ClassifiedRecipient[], key: (r: ClassifiedRecipient) => string): string[] => [...new Set(rs.map(key))];

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
      params: { code: "large-audience", composeType: message.composeType, people: total, limit: limit ?? 0, lists: bySize.map(listName) },
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

  const blocked = direct.filter((r) => r.addressClass === "blocked");
  if (blocked.length > 0) {
    const domains = distinct(blocked, (r) => r.domain);
    findings.push({ action: "block", params: { code: "blocked-domain", domains }, domains, recipients: distinct(blocked, (r) => r.address) });
  }

  const lookalikeAction = asFindingAction(policy.lookalike);
  const lookalikes = classified.recipients.filter((r) => r.addressClass === "lookalike");
  if (lookalikeAction && lookalikes.length > 0) {
    const pairs = [...new Map(lookalikes.map((r) => [r.domain, { domain: r.domain, imitates: r.lookalike?.imitates ?? "" }])).values()];
    findings.push({
      action: lookalikeAction,
      params: { code: "lookalike-domain", pairs },
      domains: pairs.map((p) => p.domain),
      recipients: distinct(lookalikes, (r) => r.address),
    });
  }

  // External: untrusted recipients outside the organisation, named directly or found in an enumerated list.
  const externalAction = asFindingAction(policy.external);
  const external = direct.filter((r) => r.addressClass === "external");
  // The people the reason is about: untrusted ones only (trusted partners are outside too, but fine).
  const untrusted = new Set(external.map((r) => r.address));
  for (const list of ctx.lists) {
    for (const member of list.members ?? []) {
      const domain = domainPart(member);
      if (domain !== undefined && classified.classify(domain) === "external") untrusted.add(member);
    }
  }
  const externalDomains = new Set([...untrusted].flatMap((a) => domainPart(a) ?? []));
  if (externalAction && externalDomains.size > 0) {
    const domains = [...externalDomains].sort();
    findings.push({
      action: externalAction,
      params: { code: "external-recipients", external: exact(untrusted.size), domains },
      domains,
      recipients: distinct(external, (r) => r.address),
    });
  }

  if (ctx.directoryFailure) {
    const action = asFindingAction(policy.directoryFailure);
    if (action) findings.push({ action, params: { code: "directory-failure", errorCode: ctx.directoryFailure }, lists: audience.lists.map((l) => l.address) });
  } else {
    const unknown = audience.lists.filter((l) => l.source === "unknown");
    const action = asFindingAction(policy.unknownList);
    if (action && unknown.length > 0) {
      findings.push({ action, params: { code: "unknown-list", lists: unknown.map(listName) }, lists: unknown.map((l) => l.address) });
    }
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
function replyTarget(message: MessageSnapshot, classified: ClassifiedMessage): RecipientInput | undefined {
  const original = message.originalSender ? parseAddress(message.originalSender) : undefined;
  if (original) {
    const named = classified.recipients.find((r) => r.address === original.address);
    return named?.input ?? { emailAddress: original.address, ...(original.displayName ? { displayName: original.displayName } : {}), recipientType: "user" };
  }
  return classified.recipients.find((r) => r.field === "to" && !r.isList)?.input;
}

function planFix(code: FixCode, message: MessageSnapshot, policy: Policy, classified: ClassifiedMessage): Fix["set"] | undefined {
  const removeClass = (cls: ClassifiedRecipient["addressClass"]): Fix["set"] => {
    const doomed = new Set(classified.recipients.filter((r) => r.addressClass === cls).map((r) => `${r.field}:${r.index}`));
    return keep(message, (field, index) => doomed.has(`${field}:${index}`));
  };
  switch (code) {
    case "reply-to-sender-only": {
      const target = replyTarget(message, classified);
      return target ? { to: [target], cc: [], bcc: [] } : undefined;
    }
    case "move-lists-to-bcc": {
      const visible = classified.recipients.filter((r) => r.field !== "bcc");
      const visiblePeople = new Set(visible.filter((r) => !r.isList).map((r) => r.address));
      // When the people named directly are already too many, moving the lists alone would not help.
      const moveAll = policy.bccAdvisedAbove !== null && visiblePeople.size > policy.bccAdvisedAbove;
      const moving = visible.filter((r) => moveAll || r.isList);
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
};

function proposeFixes(message: MessageSnapshot, policy: Policy, classified: ClassifiedMessage, reasons: readonly Reason[], locale: string): Fix[] {
  const fixes: Fix[] = [];
  for (const reason of reasons) {
    const code = FIX_FOR[reason.code](message.composeType);
    if (!code || fixes.some((f) => f.code === code)) continue;
    const set = planFix(code, message, policy, classified);
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
