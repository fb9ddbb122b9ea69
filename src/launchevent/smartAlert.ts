import type { Fix, Reason, Verdict } from "../core/evaluate";
import { MAX_MESSAGE_LENGTH, MAX_SHORT_LABEL_LENGTH, orderReasons } from "../core/messages";
import { verdictToJson } from "../core/verdictJson";
import type { SmartAlertsFeatures } from "../office/requirements";
import type { SmartAlertCompletion } from "./completeOnce";
import { launchTexts } from "./launchTexts";

/**
 * Turns a verdict into Outlook's answer (DESIGN.md, "The path of one Send", step 6):
 * allow → `allowEvent: true`; warn → `allowEvent: false` with `sendModeOverride: promptUser` where
 * the client has it (Mailbox 1.14); block → `allowEvent: false` under the manifest's SoftBlock.
 * Options newer than the client are never passed.
 */

/** The task pane button (`<Control id>` in manifest.xml) the dialog opens: Smart Alerts' `commandId`. */
export const TASKPANE_COMMAND_ID = "OpenAudienceGuard";

/**
 * `contextData` has no documented limit, but it crosses process boundaries on every client; a verdict
 * larger than this many characters loses its recipient lists (the task pane recomputes them).
 */
export const MAX_CONTEXT_DATA_CHARS = 32_000;

/** A reason as the dialog tells it: its message, and whether it blocks the send. */
export interface AlertReason {
  text: string;
  /** A blocking reason is never left out or shortened while it can fit whole. */
  blocking: boolean;
}

/** The reasons as the dialog tells them, most severe first (`orderReasons`, the pane's order too). */
export function alertReasons(reasons: readonly Reason[]): AlertReason[] {
  return orderReasons(reasons).map((reason) => ({ text: reason.message, blocking: reason.action === "block" }));
}

/** The reasons' messages, most severe first. */
export function reasonMessages(reasons: readonly Reason[]): string[] {
  return alertReasons(reasons).map((reason) => reason.text);
}

/**
 * Cuts `text` to `max` UTF-16 units without splitting a character, ending in "…"; at a space when
 * one is close to the end, so that words stay whole.
 */
export function clampText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let out = "";
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  const space = out.lastIndexOf(" ");
  if (space > 0 && out.length - space <= WORD_CUT_WINDOW) out = out.slice(0, space);
  return `${out.trimEnd()}…`;
}

/** How far back `clampText` looks for a space to cut at. */
const WORD_CUT_WINDOW = 20;

/** A sentence after the reasons. Optional notes are dropped first, from the last, when space runs out. */
export interface AlertNote {
  text: string;
  optional?: boolean;
}

/** A blocking reason shortened below this many characters would lose its point; it is counted instead. */
const MIN_SHORTENED_REASON = 60;

type Render = (reasons: readonly string[], notes: readonly string[]) => string;

/** Says how many reasons the dialog left for the task pane: "…and 2 more in the task pane." */
export type MoreInPane = (count: number) => string;

/**
 * Fits reasons and notes into `max` characters, in this order of priority: the required notes (how
 * to go on; that the organisation's policy is not in use); every blocking reason whole (one that
 * cannot fit whole is shortened with "…" when at least 60 characters are left for it); then the
 * warnings, in order, while they fit whole. Reasons left out are counted in `more(n)`, which goes
 * right after the reasons, so that nothing disappears silently. Then the optional notes that fit.
 */
function fit(reasons: readonly AlertReason[], notes: readonly AlertNote[], max: number, render: Render, more: MoreInPane): string {
  const required = notes.filter((note) => note.optional !== true).map((note) => note.text);
  const tail = (left: number, extra: readonly string[]): string[] => [...(left > 0 ? [more(left)] : []), ...extra];
  const length = (shown: readonly string[], left: number, extra: readonly string[] = required): number => render(shown, tail(left, extra)).length;

  const shown: string[] = [];
  for (const [index, reason] of reasons.entries()) {
    const leftAfter = reasons.length - index - 1;
    if (length([...shown, reason.text], leftAfter) <= max) {
      shown.push(reason.text);
      continue;
    }
    if (!reason.blocking) break;
    // Room for this reason with everything after it counted: the text with an empty slot, less the slot.
    const room = max - (length([...shown, "x"], leftAfter) - 1);
    if (shown.length === 0 || room >= MIN_SHORTENED_REASON) shown.push(clampText(reason.text, Math.max(0, room)));
    else break;
  }
  const left = reasons.length - shown.length;
  let kept = required;
  for (const note of notes) {
    if (note.optional !== true) continue;
    const candidate = notes.filter((n) => n.optional !== true || kept.includes(n.text) || n === note).map((n) => n.text);
    if (length(shown, left, candidate) <= max) kept = candidate;
  }
  const text = render(shown.filter((reason) => reason !== ""), tail(left, kept));
  return text.length <= max ? text : clampText(text, max);
}

/** Reasons given as bare messages (e.g. the check-failed dialog) are warnings. */
function asAlertReasons(reasons: readonly (AlertReason | string)[]): AlertReason[] {
  return reasons.map((reason) => (typeof reason === "string" ? { text: reason, blocking: false } : reason));
}

/**
 * The plain dialog message: reasons, then how many were left for the pane, then notes, as
 * sentences; at most 500 characters.
 */
export function alertMessage(reasons: readonly (AlertReason | string)[], notes: readonly AlertNote[], max = MAX_MESSAGE_LENGTH, more: MoreInPane = launchTexts(undefined).moreInPane): string {
  return fit(asAlertReasons(reasons), notes, max, (r, n) => [...r, ...n].filter((part) => part !== "").join(" "), more);
}

/** Backslash-escapes the characters Smart Alerts' Markdown would read as formatting or links. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]]/g, "\\$&");
}

/**
 * The Markdown message (Mailbox 1.15): one reason as a paragraph, several as a bulleted list (items
 * end in `\r`, per office-js-docs-pr: outlook/onmessagesend-onappointmentsend-events.md, "Limitations
 * to formatting the dialog message using Markdown"), notes as paragraphs; at most 500 characters.
 */
export function alertMarkdown(reasons: readonly (AlertReason | string)[], notes: readonly AlertNote[], max = MAX_MESSAGE_LENGTH, more: MoreInPane = launchTexts(undefined).moreInPane): string {
  const escaped = notes.map((note) => ({ ...note, text: escapeMarkdown(note.text) }));
  const reasonsEscaped = asAlertReasons(reasons).map((reason) => ({ ...reason, text: escapeMarkdown(reason.text) }));
  return fit(reasonsEscaped, escaped, max, (r, n) => {
    const shown = r.filter((reason) => reason !== "");
    const body = shown.length > 1 ? shown.map((reason) => `- ${reason}\r`).join("") : (shown[0] ?? "");
    return [body, ...n].filter((part) => part !== "").join("\n\n");
  }, (count) => escapeMarkdown(more(count))).replace(/(^|[^\\])\\…/g, "$1…"); // a cut must not leave an escape without its character
}

/**
 * The fix the dialog's one button offers: the fix of the most severe reason that has one (reasons
 * in `orderReasons` order), so that the button clears what matters most. `undefined` when no
 * reason can be fixed in one step.
 */
export function buttonFix(verdict: Pick<Verdict, "reasons" | "fixes">): Fix | undefined {
  for (const reason of orderReasons(verdict.reasons)) {
    const fix = verdict.fixes.find((f) => f.resolves === reason.code);
    if (fix) return fix;
  }
  return undefined;
}

/**
 * The verdict as `contextData`: `JSON.stringify(verdictToJson(verdict))`, with `"focus"` naming
 * the fix the dialog's button offered, so that the pane opens on it. Above
 * {@link MAX_CONTEXT_DATA_CHARS} the fixes lose their `set` and the reasons their `recipients`
 * (`"trimmed": true` says so); the task pane recomputes fixes from the live message anyway.
 */
export function contextDataFor(verdict: Verdict, max = MAX_CONTEXT_DATA_CHARS): string {
  const focus = buttonFix(verdict)?.code;
  const withFocus = <T extends object>(body: T): T & { focus?: string } => (focus ? { ...body, focus } : body);
  const full = verdictToJson(verdict);
  const text = JSON.stringify(withFocus(full));
  if (text.length <= max) return text;
  const trimmed = {
    ...full,
    reasons: verdict.reasons.map(({ recipients: _recipients, ...reason }) => reason),
    fixes: verdict.fixes.map(({ set: _set, ...fix }) => fix),
    trimmed: true,
  };
  const shorter = JSON.stringify(withFocus(trimmed));
  if (shorter.length <= max) return shorter;
  return JSON.stringify(
    withFocus({ action: verdict.action, reasons: trimmed.reasons.map(({ code, action, message }) => ({ code, action, message })), locale: verdict.locale, trimmed: true }),
  );
}

export interface AlertInput {
  verdict: Verdict;
  features: SmartAlertsFeatures;
  /** Sentences after the reasons, in display order: how to go on, policy fallback (required), no directory (optional). */
  notes: readonly AlertNote[];
  /** `Office.MailboxEnums.SendModeOverride.PromptUser` ("promptUser"). */
  promptUser: string;
  /** @default TASKPANE_COMMAND_ID */
  commandId?: string;
}

/**
 * The `event.completed` options for a verdict on this client: a warning offers Send Anyway
 * (`sendModeOverride`, Mailbox 1.14, which the manifest requires), a block does not.
 */
export function completionForVerdict(input: AlertInput): SmartAlertCompletion {
  const { verdict, features } = input;
  if (verdict.action === "allow") return { allowEvent: true };
  const reasons = alertReasons(verdict.reasons);
  const more = launchTexts(verdict.locale).moreInPane;
  const completion: SmartAlertCompletion = { allowEvent: false, errorMessage: alertMessage(reasons, input.notes, MAX_MESSAGE_LENGTH, more) };
  if (features.errorMessageMarkdown) completion.errorMessageMarkdown = alertMarkdown(reasons, input.notes, MAX_MESSAGE_LENGTH, more);
  if (verdict.action === "warn" && features.sendModeOverride) completion.sendModeOverride = input.promptUser;
  if (features.commandId) {
    completion.commandId = input.commandId ?? TASKPANE_COMMAND_ID;
    const fix = buttonFix(verdict);
    if (fix && features.cancelLabel) completion.cancelLabel = clampText(fix.shortLabel, MAX_SHORT_LABEL_LENGTH);
    if (features.contextData) completion.contextData = contextDataFor(verdict);
  }
  return completion;
}
