/**
 * Reads the verdict the Smart Alert handed to the pane (`event.completed({ contextData })`, Mailbox
 * 1.14, read back with `getInitializationContextAsync`), so the first paint can show it before any
 * check has run. The launch event sends `contextDataFor(verdict)` (src/launchevent/smartAlert.ts):
 * the JSON of `verdictToJson`, or, when that is too long, the same with fixes lacking their `set`
 * (`"trimmed": true`); such fixes are dropped here, since the pane cannot apply them and its own
 * check offers them again. `{ "verdict": …, "directoryFailure": "…" }` is read too, and a
 * `directoryFailure` beside the verdict's own fields, and `"focus"`: the fix code the alert's button
 * offered (an unknown code is ignored, not fatal). Anything malformed, or a verdict without its
 * audience, gives `undefined`: the pane then simply checks afresh.
 */
import { boundsFromJson } from "../core/bounds";
import type { ErrorCode } from "../core/errors";
import { ERROR_CODES } from "../core/errors";
import type { Fix, ListReport, LookalikePair, Reason, Verdict } from "../core/evaluate";
import { LOOKALIKE_MATCHES } from "../core/lookalike";
import type { Action, Bounds, FixCode, ListSource, ReasonCode, RecipientField, RecipientInput, RecipientType } from "../core/types";
import { FIX_CODES, REASON_CODES, RECIPIENT_FIELDS } from "../core/types";

/** A verdict from the Smart Alert, with the directory failure behind it when one was named. */
export interface ContextVerdict {
  verdict: Verdict;
  directoryFailure?: ErrorCode;
  /** The fix the alert's button offered (`"focus"`), which the pane opens on. */
  focus?: FixCode;
}

type Json = Record<string, unknown>;

const ACTIONS: readonly Action[] = ["allow", "warn", "block"];
const SOURCES: readonly ListSource[] = ["groupCounts", "mailTips", "enumerated", "index", "unknown"];
const RECIPIENT_TYPES: readonly RecipientType[] = ["user", "distributionList", "externalUser", "other"];

/** Thrown inside the parser only; caught by `verdictFromContext`. */
class Malformed extends Error {
  constructor() {
    super("malformed context data");
  }
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function object(v: unknown): Json {
  if (!isObject(v)) throw new Malformed();
  return v;
}

function array(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new Malformed();
  return v;
}

function string(v: unknown): string {
  if (typeof v !== "string") throw new Malformed();
  return v;
}

function optionalStrings(v: unknown): string[] | undefined {
  return v === undefined ? undefined : array(v).map(string);
}

/** An ISO 8601 time (a list's `asOf`). */
function time(v: unknown): string {
  const text = string(v);
  if (Number.isNaN(Date.parse(text))) throw new Malformed();
  return text;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T {
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) throw new Malformed();
  return v as T;
}

function bounds(v: unknown): Bounds {
  const b = object(v);
  const lower = b.lower;
  const upper = b.upper;
  if (typeof lower !== "number" || !Number.isFinite(lower) || lower < 0) throw new Malformed();
  if (upper !== null && (typeof upper !== "number" || Number.isNaN(upper) || upper < lower)) throw new Malformed();
  return boundsFromJson({ lower, upper });
}

function list(v: unknown): ListReport {
  const l = object(v);
  return {
    address: string(l.address),
    ...(l.displayName !== undefined ? { displayName: string(l.displayName) } : {}),
    people: bounds(l.people),
    external: bounds(l.external),
    source: oneOf(l.source, SOURCES),
    ...(l.mayBeStale === true ? { mayBeStale: true } : {}),
    ...(l.asOf !== undefined ? { asOf: time(l.asOf) } : {}),
    fields: l.fields === undefined ? [] : array(l.fields).map((f) => oneOf(f, RECIPIENT_FIELDS)),
  };
}

function reason(v: unknown): Reason {
  const r = object(v);
  const lists = optionalStrings(r.lists);
  const domains = optionalStrings(r.domains);
  const recipients = optionalStrings(r.recipients);
  const pairs = r.pairs === undefined ? undefined : array(r.pairs).map(lookalikePair);
  return {
    code: oneOf<ReasonCode>(r.code, REASON_CODES),
    action: oneOf(r.action, ["warn", "block"] as const),
    message: string(r.message),
    ...(lists ? { lists } : {}),
    ...(domains ? { domains } : {}),
    ...(recipients ? { recipients } : {}),
    ...(pairs ? { pairs } : {}),
  };
}

function lookalikePair(v: unknown): LookalikePair {
  const p = object(v);
  return { domain: string(p.domain), imitates: string(p.imitates), match: oneOf(p.match, LOOKALIKE_MATCHES) };
}

function recipient(v: unknown): RecipientInput {
  const r = object(v);
  return {
    emailAddress: string(r.emailAddress),
    ...(r.displayName !== undefined ? { displayName: string(r.displayName) } : {}),
    ...(r.recipientType !== undefined ? { recipientType: oneOf(r.recipientType, RECIPIENT_TYPES) } : {}),
  };
}

function fix(v: unknown): Fix {
  const f = object(v);
  const setJson = object(f.set);
  const set: Fix["set"] = {};
  for (const field of Object.keys(setJson)) {
    set[oneOf<RecipientField>(field, RECIPIENT_FIELDS)] = array(setJson[field]).map(recipient);
  }
  const label = string(f.label);
  return {
    code: oneOf<FixCode>(f.code, FIX_CODES),
    label,
    shortLabel: f.shortLabel === undefined ? label : string(f.shortLabel),
    resolves: oneOf<ReasonCode>(f.resolves, REASON_CODES),
    set,
  };
}

function verdict(v: unknown): Verdict {
  const j = object(v);
  const audience = object(j.audience);
  return {
    action: oneOf(j.action, ACTIONS),
    audience: {
      total: bounds(audience.total),
      visible: bounds(audience.visible),
      external: bounds(audience.external),
      externalDomains: array(audience.externalDomains ?? []).map(string),
      lists: array(audience.lists ?? []).map(list),
    },
    reasons: array(j.reasons ?? []).map(reason),
    fixes: array(j.fixes ?? [])
      .filter((f) => !(isObject(f) && f.set === undefined))
      .map(fix),
    locale: typeof j.locale === "string" ? j.locale : "en-US",
  };
}

/** The verdict in the Smart Alert's context data, or `undefined` when there is none or it is malformed. */
export function verdictFromContext(contextData: string | undefined): ContextVerdict | undefined {
  if (!contextData) return undefined;
  try {
    const parsed = object(JSON.parse(contextData));
    const body = object(isObject(parsed.verdict) ? parsed.verdict : parsed);
    const failure = parsed.directoryFailure ?? body.directoryFailure;
    const focus = parsed.focus ?? body.focus;
    return {
      verdict: verdict(body),
      ...(typeof focus === "string" && (FIX_CODES as readonly string[]).includes(focus) ? { focus: focus as FixCode } : {}),
      ...(typeof failure === "string" && (ERROR_CODES as readonly string[]).includes(failure) ? { directoryFailure: failure as ErrorCode } : {}),
    };
  } catch {
    return undefined;
  }
}
