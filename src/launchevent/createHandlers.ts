import { evaluate, isExemptSender, type Verdict } from "../core/evaluate";
import { formatPolicyFallbackNotice } from "../core/messages";
import { DEFAULT_POLICY, type Policy, type PolicyAction } from "../core/policy";
import type { ListExpansion, MessageSnapshot } from "../core/types";
import { raceAbort } from "../directory/abort";
import { checkMessage, type CheckResult } from "../directory/checkMessage";
import type { Directory } from "../directory/Directory";
import { deadlineSignal } from "../directory/deadline";
import { ExpansionCache, carryLists, type Prefetch, type PrefetchRead } from "../office/ExpansionCache";
import type { PolicyLoad } from "../office/loadPolicy";
import type { Mailbox } from "../office/Mailbox";
import { recipientDigest } from "../office/recipientDigest";
import { smartAlertsFeatures, type SmartAlertsFeatures } from "../office/requirements";
import {
  SEND_HARD_DEADLINE_MS,
  completeOnce,
  warnLog,
  type CompletableEvent,
  type GuardScope,
  type SmartAlertCompletion,
  type Timers,
} from "./completeOnce";
import { DomainDataError, domainDataErrorCode } from "../office/domainData/DomainDataError";
import { DomainDataDirectory, expansionAddresses } from "../office/domainData/DomainDataDirectory";
import { policyDomainsOf } from "../office/storedPolicy";
import { launchTexts } from "./launchTexts";
import { checkFailedCompletion } from "./checkFailedCompletion";
import { TASKPANE_COMMAND_ID, completionForVerdict, type AlertNote } from "./smartAlert";

/**
 * The two launch-event handlers, over ports only (Mailbox, a policy loader, a Directory factory), so
 * tests run them on doubles and the entry module wires Office.js, fetch and Microsoft Graph.
 *
 * - `onMessageSendHandler`: the policy and the snapshot, read in parallel, each with the domain data
 *   of the domains it holds (the policy validated once its own are in); list sizes from the prefetch in
 *   `item.sessionData` for every list it holds (kept by address), else from the directory, within the
 *   policy's `timeoutMs` and the 4.5 s hard deadline; then one `event.completed` (see smartAlert.ts).
 * - `onMessageRecipientsChangedHandler`: the same pipeline, early; stores what it learned in
 *   `item.sessionData` so that Send usually needs no Graph request (and finds the domain data and the
 *   policy loaded); completes with `event.completed()`.
 */

/** Time kept after the directory's deadline for evaluating, saving and answering, ms. */
export const GUARD_MARGIN_MS = 700;
/** Prefetch is not under the 5 s Send dialog; it still ends: the policy's longest `timeoutMs` plus margin, ms. */
export const PREFETCH_HARD_DEADLINE_MS = 12_000;
/** Ceiling on one `item.sessionData` write before answering Send, ms: a slow store must not turn a block into a timeout. */
export const SESSION_WRITE_BUDGET_MS = 300;

export interface HandlerDependencies {
  /** The item being composed (OfficeMailbox, or a double). */
  mailbox: Mailbox;
  /**
   * The policy to apply; resolves quickly from cache (office/loadPolicy.ts). It tells `seen` each
   * policy text it has in hand, awaits `ready` (the domain data of the texts' domains) before
   * validating, and rejects only when `ready` rejects.
   */
  loadPolicy: (options: { ready: (texts: readonly string[]) => Promise<void>; seen: (text: string) => void }) => Promise<PolicyLoad>;
  /**
   * The `directoryFailure` of the last policy this runtime saw (fetched or kept in the client's
   * storage), for a Send that fails before its own policy is read. @default none: the built-in default
   */
  lastSeenDirectoryFailure?: () => PolicyAction | undefined;
  /**
   * Resolves once the data parsing `domains` needs (the Public Suffix List rules of their TLDs, the
   * confusables) is in place; rejects when it cannot be. Nothing parses a domain before its data is
   * in: the policy's patterns, the message's addresses, what the directory and the original-sender
   * lookup answer. The launch-event script fetches the data (domainData/loadDomainData.ts
   * `ensureDomains`). @default resolves at once: the packages carry their own data
   */
  domainData?: (domains: readonly string[], options: { signal: AbortSignal }) => Promise<void>;
  /** The directory for a policy, or `undefined` when there is none here (no client id, no nested app authentication). */
  directoryFactory: (policy: Policy) => Directory | undefined;
  /**
   * Resolves once what this runtime is writing to the client's storage is written (bounded): awaited
   * before every completion, since classic Outlook ends the runtime then. @default resolves at once
   */
  settleWrites?: () => Promise<void>;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
  /** @default global setTimeout / clearTimeout */
  timers?: Timers;
  /** `Office.MailboxEnums.SendModeOverride.PromptUser`. @default "promptUser" */
  promptUser?: string;
  /** The task pane button's `<Control id>`. @default TASKPANE_COMMAND_ID */
  commandId?: string;
  /** Failure codes (never addresses). @default console.warn */
  log?: (code: string) => void;
}

/** The functions registered with `Office.actions.associate`; names equal the manifest's FunctionName. */
export interface LaunchEventHandlers {
  onMessageSendHandler(event: CompletableEvent): Promise<void>;
  onMessageRecipientsChangedHandler(event: CompletableEvent): Promise<void>;
}

/** What one handler call has learned so far, for its fallback. */
interface CallState {
  policy?: Policy;
}

/** Policy, message and what is already known about it. */
interface Prepared {
  load: PolicyLoad;
  message: MessageSnapshot;
  digest: string;
  /** The prefetch entry, when it was saved for these same recipients. */
  cached: Prefetch | undefined;
  /** Every list the prefetch entry holds, whatever recipients it was saved for: asked of no one again. */
  known: PrefetchRead;
  directory: Directory | undefined;
  isReply: boolean;
}

interface Checked {
  result: CheckResult;
  verdict: Verdict;
  originalSender: string | undefined;
  /** The original-sender lookup ran to its end (found or not) within the deadline. */
  senderLookedUp: boolean;
}

/** Every address of a snapshot: the sender, the original sender, every recipient of every field. */
function snapshotAddresses(snapshot: MessageSnapshot): string[] {
  return [snapshot.from, ...(snapshot.originalSender === undefined ? [] : [snapshot.originalSender]), ...[...snapshot.to, ...snapshot.cc, ...snapshot.bcc].map((r) => r.emailAddress)];
}

export function createHandlers(deps: HandlerDependencies): LaunchEventHandlers {
  const { mailbox } = deps;
  const now = deps.now ?? (() => Date.now());
  const log = deps.log ?? warnLog;
  const timers: Timers = deps.timers ?? {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const promptUser = deps.promptUser ?? "promptUser";
  const commandId = deps.commandId ?? TASKPANE_COMMAND_ID;
  const domainData = deps.domainData ?? (() => Promise.resolve());
  const settleWrites = deps.settleWrites ?? (() => Promise.resolve());

  /** `promise`'s value, or `fallback` when it takes longer than `ms` or rejects. */
  function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
    return new Promise<T>((resolve) => {
      const timer = timers.setTimeout(() => resolve(fallback), ms);
      promise.then(
        (value) => {
          timers.clearTimeout(timer);
          resolve(value);
        },
        () => {
          timers.clearTimeout(timer);
          resolve(fallback);
        },
      );
    });
  }

  /** The domain data of `domains`, or a rejection (logged with its code) that the caller's fallback answers. */
  function ensureDomains(scope: GuardScope, domains: readonly string[], signal: AbortSignal = scope.signal): Promise<void> {
    return domainData(domains, { signal }).catch((error: unknown) => {
      if (!signal.aborted) log(domainDataErrorCode(error));
      throw error;
    });
  }

  /** The directory, answering only once the domain data of what it returns is in. */
  function withDomainData(scope: GuardScope, directory: Directory | undefined): Directory | undefined {
    return directory && new DomainDataDirectory(directory, (domains, options) => ensureDomains(scope, [...domains], options.signal ?? scope.signal));
  }

  async function prepare(scope: GuardScope, state: CallState): Promise<Prepared> {
    // The policy file and the snapshot are read at once, and the domain data of what each holds is
    // fetched as soon as it is known: the rules of the last policy's domains (a hint) while the file
    // is fetched; the policy's own before it is validated (its patterns are checked against the
    // Public Suffix List); the message's addresses once read. Without the data nothing is classified
    // and the caller's fallback answers (directoryFailure of the policy read, or the last one seen).
    const policyLoad = deps
      .loadPolicy({
        seen: (text) => void domainData(policyDomainsOf(text), { signal: scope.signal }).catch(() => undefined),
        ready: (texts) => ensureDomains(scope, texts.flatMap(policyDomainsOf)),
      })
      .then((load) => {
        state.policy = load.policy;
        return load;
      });
    policyLoad.catch(() => undefined);
    // Read meanwhile, awaited after the policy: a failed read is then answered under the
    // organisation's directoryFailure, not the default's.
    const snapshotRead = Promise.resolve().then(() => mailbox.readSnapshot());
    snapshotRead.catch(() => undefined);
    const messageData = snapshotRead.then((snapshot) => ensureDomains(scope, snapshotAddresses(snapshot)));
    messageData.catch(() => undefined);
    const load = await policyLoad;
    const snapshot = await snapshotRead;
    await messageData;
    scope.limitDeadline(load.policy.timeoutMs + GUARD_MARGIN_MS);
    const digest = recipientDigest(snapshot);
    const known = await new ExpansionCache({ mailbox, now }).readFor(digest);
    const cached = known.same;
    // What earlier events learned holds addresses too (list members, the original sender).
    const learned = [...expansionAddresses(known.lists), ...(cached?.originalSender === undefined ? [] : [cached.originalSender])];
    if (learned.length > 0) await ensureDomains(scope, learned);
    const isReply = snapshot.composeType === "reply" || snapshot.composeType === "replyAll";
    const message = isReply && !snapshot.originalSender && cached?.originalSender ? { ...snapshot, originalSender: cached.originalSender } : snapshot;
    return { load, message, digest, cached, known, directory: withDomainData(scope, deps.directoryFactory(load.policy)), isReply };
  }

  /**
   * Runs the check within what is left of the deadline. For a reply whose original sender is not
   * known yet, looks it up in parallel; waits for it only when it matters (`wantSender`).
   */
  async function check(scope: GuardScope, prepared: Prepared, wantSender: (verdict: Verdict) => boolean): Promise<Checked> {
    const { load, message, cached, known, directory } = prepared;
    const policy = load.policy;
    const locale = mailbox.displayLanguage;
    const budgetMs = Math.max(0, Math.min(policy.timeoutMs, scope.remainingMs() - GUARD_MARGIN_MS));
    const { signal, dispose } = deadlineSignal(budgetMs, scope.signal);
    try {
      // A lookup that already ran for these recipients (at a recipients change) is not repeated.
      const lookup =
        prepared.isReply && message.originalSender === undefined && cached?.senderLookedUp !== true && mailbox.findOriginalSender
          ? mailbox.findOriginalSender({ signal }).then((sender) =>
              // A sender whose domain data cannot be loaded is not known: no fix names them.
              sender === undefined ? undefined : ensureDomains(scope, [sender], signal).then(() => sender, (): undefined => undefined),
            )
          : undefined;
      const result = await checkMessage({ message, policy, directory, known: known.lists, locale, signal, now }).catch((error: unknown) => {
        // A domain parsed without its rules (domain_data_not_loaded): the caller's fallback answers; say why.
        if (error instanceof DomainDataError) log(error.code);
        throw error;
      });
      let verdict = result.verdict;
      let originalSender = message.originalSender;
      let senderLookedUp = false;
      if (lookup && wantSender(verdict)) {
        originalSender = await raceAbort(lookup, signal).catch(() => undefined);
        senderLookedUp = !signal.aborted;
        if (originalSender !== undefined) {
          // Same lists, same directory outcome: only the fix's target changes. No new request.
          verdict = evaluate({ message: { ...message, originalSender }, policy, lists: result.lists, locale, ...(result.directoryFailure ? { directoryFailure: result.directoryFailure } : {}) });
        }
      }
      return { result, verdict, originalSender, senderLookedUp };
    } finally {
      dispose();
    }
  }

  /**
   * Saves what this check learned that the prefetch entry did not hold, beside the lists it already
   * held (each keeps when it was learned). Failures are not cached.
   */
  async function savePrefetch(prepared: Prepared, checked: Checked): Promise<void> {
    if (checked.result.directoryFailure) return;
    const known = new Set(prepared.known.lists.map((l) => l.address));
    const learned = checked.result.lists.some((l: ListExpansion) => l.source !== "unknown" && !known.has(l.address));
    const senderLearned = checked.originalSender !== undefined && checked.originalSender !== prepared.cached?.originalSender;
    const lookupFinished = checked.senderLookedUp && prepared.cached?.senderLookedUp !== true;
    if (!learned && !senderLearned && !lookupFinished) return;
    const entry: Prefetch = { digest: prepared.digest, savedAt: now(), ...carryLists(prepared.known, checked.result.lists) };
    if (checked.originalSender !== undefined) entry.originalSender = checked.originalSender;
    if (checked.senderLookedUp || prepared.cached?.senderLookedUp) entry.senderLookedUp = true;
    const saved = await within(new ExpansionCache({ mailbox, now }).write(entry), SESSION_WRITE_BUDGET_MS, false);
    if (!saved) log("prefetch_unsaved");
  }

  function features(): SmartAlertsFeatures {
    return smartAlertsFeatures((version) => mailbox.supports(version));
  }

  async function decideSend(scope: GuardScope, state: CallState): Promise<SmartAlertCompletion> {
    const prepared = await prepare(scope, state);
    // Allowed whatever its lists hold: no count could change that, so none is asked for.
    if (isExemptSender(prepared.load.policy, prepared.message.from)) {
      await settleWrites();
      return { allowEvent: true };
    }
    const checked = await check(scope, prepared, (verdict) => verdict.fixes.some((f) => f.code === "reply-to-sender-only"));
    const { verdict } = checked;
    if (verdict.action === "allow") {
      await settleWrites();
      return { allowEvent: true };
    }
    // The person will probably change something and send again: keep what was learned.
    await savePrefetch(prepared, checked);

    const locale = verdict.locale;
    const texts = launchTexts(locale);
    const client = features();
    const notes: AlertNote[] = [];
    if (!prepared.directory && verdict.audience.lists.some((l) => l.source === "unknown")) notes.push({ text: texts.noDirectory, optional: true });
    if (prepared.load.source === "defaults") notes.push({ text: formatPolicyFallbackNotice(locale) });
    await settleWrites();
    return completionForVerdict({ verdict, features: client, notes, promptUser, commandId });
  }

  /**
   * When the check fails or runs out of time, the policy's `directoryFailure` decides
   * (checkFailedCompletion.ts): the organisation's policy if this call read it, else the last one this
   * runtime saw (fetched, or kept in the client's storage — also when the domain data could not be
   * loaded and the policy not validated), else the built-in default.
   */
  function sendFallback(state: CallState): SmartAlertCompletion {
    const action = state.policy?.directoryFailure ?? deps.lastSeenDirectoryFailure?.() ?? DEFAULT_POLICY.directoryFailure;
    return checkFailedCompletion(action, mailbox.displayLanguage, promptUser);
  }

  async function prefetch(scope: GuardScope, state: CallState): Promise<undefined> {
    try {
      const prepared = await prepare(scope, state);
      if (!prepared.directory || isExemptSender(prepared.load.policy, prepared.message.from)) return undefined;
      if (prepared.cached && (!prepared.isReply || prepared.message.originalSender !== undefined || prepared.cached.senderLookedUp === true)) return undefined;
      const checked = await check(scope, prepared, () => true);
      await savePrefetch(prepared, checked);
      return undefined;
    } finally {
      await settleWrites();
    }
  }

  return {
    onMessageSendHandler(event) {
      const state: CallState = {};
      return completeOnce(event, {
        run: (scope) => decideSend(scope, state),
        fallback: () => sendFallback(state),
        // Only if the fallback itself throws: the built-in default's answer, never a silent allow.
        lastResort: checkFailedCompletion(DEFAULT_POLICY.directoryFailure, "en-US", promptUser),
        deadlineMs: SEND_HARD_DEADLINE_MS,
        now,
        timers,
        log,
      });
    },
    onMessageRecipientsChangedHandler(event) {
      const state: CallState = {};
      return completeOnce(event, {
        run: (scope) => prefetch(scope, state),
        fallback: () => undefined,
        deadlineMs: PREFETCH_HARD_DEADLINE_MS,
        now,
        timers,
        log,
      });
    },
  };
}
