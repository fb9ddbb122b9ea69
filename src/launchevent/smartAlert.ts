import type { Reason, Verdict } from "../core/evaluate";
import { MAX_MESSAGE_LENGTH, MAX_SHORT_LABEL_LENGTH } from "../core/messages";
import type { Action } from "../core/types";
import { verdictToJson } from "../core/verdictJson";
import type { SmartAlertsFeatures } from "../office/requirements";
import type { SmartAlertCompletion } from "./completeOnce";

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

const SEVERITY: Readonly<Record<Action, number>> = { allow: 0, warn: 1, block: 2 };

/** The reasons' messages, most severe first (the order `evaluate` found them in within a severity). */
export function reasonMessages(reasons: readonly Reason[]): string[] {
  return reasons
    .map((reason, index) => ({ reason, index }))
    .sort((a, b) => SEVERITY[b.reason.action] - SEVERITY[a.reason.action] || a.index - b.index)
    .map(({ reason }) => reason.message);
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

/** A reason shortened below this many characters would lose its point; it is left out instead. */
const MIN_SHORTENED_REASON = 60;

type Render = (reasons: readonly string[], notes: readonly string[]) => string;

/**
 * Fits reasons and notes into `max` characters, in this order of priority: the required notes (how
 * to go on; that the organisation's policy is not in use); the most severe reason (shortened with "…"
 * only when it cannot fit whole); further reasons while they fit whole, and the next one shortened
 * when at least 60 characters are left for it; then the optional notes that still fit.
 */
function fit(reasons: readonly string[], notes: readonly AlertNote[], max: number, render: Render): string {
  const textOf = (r: readonly string[], n: readonly AlertNote[]): string => render(r, n.map((note) => note.text));
  const required = notes.filter((note) => note.optional !== true);
  /** Characters left for one more reason after `shown`, separators included. */
  const roomAfter = (shown: readonly string[]): number => max - (textOf([...shown, "x"], required).length - 1);

  const shown: string[] = [];
  for (const reason of reasons) {
    if (textOf([...shown, reason], required).length <= max) {
      shown.push(reason);
      continue;
    }
    const room = roomAfter(shown);
    if (shown.length === 0 || room >= MIN_SHORTENED_REASON) shown.push(clampText(reason, Math.max(0, room)));
    break;
  }
  let kept = required;
  for (const note of notes) {
    if (note.optional !== true) continue;
    const candidate = notes.filter((n) => kept.includes(n) || n === note);
    if (textOf(shown, candidate).length <= max) kept = candidate;
  }
  const text = textOf(shown.filter((reason) => reason !== ""), kept);
  return text.length <= max ? text : clampText(text, max);
}

/** The plain dialog message: reasons, then notes, as sentences; at most 500 characters. */
export function alertMessage(reasons: readonly string[], notes: readonly AlertNote[], max = MAX_MESSAGE_LENGTH): string {
  return fit(reasons, notes, max, (r, n) => [...r, ...n].filter((part) => part !== "").join(" "));
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
export function alertMarkdown(reasons: readonly string[], notes: readonly AlertNote[], max = MAX_MESSAGE_LENGTH): string {
  const escaped = notes.map((note) => ({ ...note, text: escapeMarkdown(note.text) }));
  return fit(reasons.map(escapeMarkdown), escaped, max, (r, n) => {
    const shown = r.filter((reason) => reason !== "");
    const body = shown.length > 1 ? shown.map((reason) => `- ${reason}\r`).join("") : (shown[0] ?? "");
    return [body, ...n].filter((part) => part !== "").join("\n\n");
  }).replace(/(^|[^\\])\\…/g, "$1…"); // a cut must not leave an escape without its character
}

/**
 * The verdict as `contextData`: `JSON.stringify(verdictToJson(verdict))`. Above
 * {@link MAX_CONTEXT_DATA_CHARS} the fixes lose their `set` and the reasons their `recipients`
 * (`"trimmed": true` says so); the task pane recomputes fixes from the live message anyway.
 */
export function contextDataFor(verdict: Verdict, max = MAX_CONTEXT_DATA_CHARS): string {
  const full = verdictToJson(verdict);
  const text = JSON.stringify(full);
  if (text.length <= max) return text;
  const trimmed = {
    ...full,
    reasons: verdict.reasons.map(({ recipients: _recipients, ...reason }) => reason),
    fixes: verdict.fixes.map(({ set: _set, ...fix }) => fix),
    trimmed: true,
  };
  const shorter = JSON.stringify(trimmed);
  if (shorter.length <= max) return shorter;
  return JSON.stringify({ action: verdict.action, reasons: trimmed.reasons.map(({ code, action, message }) => ({ code, action, message })), locale: verdict.locale, trimmed: true });
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
  const reasons = reasonMessages(verdict.reasons);
  const completion: SmartAlertCompletion = { allowEvent: false, errorMessage: alertMessage(reasons, input.notes) };
  if (features.errorMessageMarkdown) completion.errorMessageMarkdown = alertMarkdown(reasons, input.notes);
  if (verdict.action === "warn" && features.sendModeOverride) completion.sendModeOverride = input.promptUser;
  if (features.commandId) {
    completion.commandId = input.commandId ?? TASKPANE_COMMAND_ID;
    const fix = verdict.fixes[0];
    if (fix && features.cancelLabel) completion.cancelLabel = clampText(fix.shortLabel, MAX_SHORT_LABEL_LENGTH);
    if (features.contextData) completion.contextData = contextDataFor(verdict);
  }
  return completion;
}
