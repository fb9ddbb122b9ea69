/** The person-facing message of each reason, localized and always short enough for Outlook. */
import type { LookalikeMatch } from "../lookalike";
import type { Bounds, ComposeType, ReasonCode, RecipientField } from "../types";
import { assertNever } from "../types";
import type { Catalogue, DirectoryFailureCause, MessageKind, ReasonArgs } from "./Catalogue";
import type { NameBudget } from "./formatPeople";
import { formatDomain } from "./formatDomain";
import { formatCount, formatNames, formatPeople, shortenName } from "./formatPeople";
import { catalogueFor } from "./resolveLocale";

/**
 * Outlook's limit on a Smart Alert message (`event.completed({ errorMessage })`, Mailbox 1.12):
 * 500 characters. Every `formatReason` result fits.
 */
export const MAX_MESSAGE_LENGTH = 500;

/** Look-alikes that are only near the protected domain: the message says "resembles", not "looks like". */
const NEAR_MATCHES: readonly LookalikeMatch[] = ["shortTypo", "suffix", "word"];
/** What a reason's message is built from, by reason code. Names are display names or addresses. */
export type ReasonParams =
  | {
      code: "large-audience";
      composeType: ComposeType;
      people: Bounds;
      limit: number;
      lists: readonly string[];
      /**
       * Every limit the verdict on this audience turns on (warn and block; `null` = off): the range
       * of people is said only when one lies inside it. @default [limit]
       */
      thresholds?: readonly (number | null)[];
    }
  | { code: "bcc-advised"; visible: Bounds; limit: number }
  | { code: "external-recipients"; external: Bounds; domains: readonly string[]; lists?: readonly string[] }
  | { code: "blocked-domain"; domains: readonly string[] }
  | { code: "lookalike-domain"; pairs: readonly { domain: string; imitates: string; match?: LookalikeMatch }[] }
  | { code: "unknown-list"; lists: readonly string[]; people?: Bounds }
  | { code: "directory-failure"; errorCode: string }
  | { code: "invalid-recipient"; recipients: readonly string[] }
  | { code: "unread-recipients"; fields: readonly RecipientField[]; people: Bounds };

// A compile-time check that ReasonParams covers exactly the reason codes.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _paramsCoverEveryCode: SameKeys<ReasonParams["code"], ReasonCode> = true;

/** Ever tighter ways to name things, tried in turn until the message fits. */
const BUDGETS: readonly NameBudget[] = [
  { nameMax: 60, items: 3 },
  { nameMax: 40, items: 3 },
  { nameMax: 30, items: 2 },
  { nameMax: 20, items: 1 },
  { nameMax: 10, items: 1 },
];

function kindOf(composeType: ComposeType): MessageKind {
  switch (composeType) {
    case "new":
      return "new";
    case "reply":
    case "replyAll":
      return "reply";
    case "forward":
      return "forward";
    default:
      // Total even for a value from outside the type (e.g. a malformed scenario).
      return "new";
  }
}

/** The person-facing cause of a directory error code (see errors.ts). */
function causeOf(errorCode: string): DirectoryFailureCause {
  switch (errorCode) {
    case "directory_timeout":
    case "directory_aborted":
      return "timeout";
    case "graph_throttled":
      return "throttled";
    case "graph_forbidden":
      return "forbidden";
    case "graph_unauthorized":
    case "token_unavailable":
      return "unauthorized";
    case "graph_unavailable":
      return "unavailable";
    case "network_error":
      return "network";
    default:
      return "other";
  }
}

/** True when the whole range lies above the limit: the message will, not may, exceed it. */
function certainlyAbove(people: Bounds, limit: number): boolean {
  return Number.isNaN(limit) || people.lower > limit;
}

function render(params: ReasonParams, catalogue: Catalogue, budget: NameBudget): string {
  const texts = catalogue.reasons;
  const names = (list: readonly string[]) => formatNames(list, catalogue, budget);
  const people = (bounds: Bounds, thresholds?: readonly (number | null)[]) => formatPeople(bounds, catalogue.locale, thresholds);
  const domains = (list: readonly string[]) => names(list.map((domain) => formatDomain(domain)));
  switch (params.code) {
    case "large-audience": {
      const args: ReasonArgs["large-audience"] = {
        kind: kindOf(params.composeType),
        people: people(params.people, params.thresholds ?? [params.limit]),
        limit: formatCount(params.limit, catalogue),
        certain: certainlyAbove(params.people, params.limit),
        lists: names(params.lists),
      };
      return texts["large-audience"](args);
    }
    case "bcc-advised":
      return texts["bcc-advised"]({ people: people(params.visible, [params.limit]), limit: formatCount(params.limit, catalogue) });
    case "external-recipients":
      // Any one person outside decides: the count is said as exactly as it is known beyond that.
      return texts["external-recipients"]({
        people: people(params.external, [0]),
        domains: domains(params.domains),
        lists: names(params.lists ?? []),
        listCount: params.lists?.length ?? 0,
      });
    case "blocked-domain":
      return texts["blocked-domain"]({ domains: domains(params.domains), count: params.domains.length });
    case "lookalike-domain": {
      const name = (text: string) => shortenName(text, budget.nameMax) || "?";
      const pairs = params.pairs.map((p) =>
        catalogue.looksLike(name(formatDomain(p.domain, true)), name(formatDomain(p.imitates)), p.match !== undefined && NEAR_MATCHES.includes(p.match)),
      );
      return texts["lookalike-domain"]({ pairs: formatNames(pairs, catalogue, { nameMax: Infinity, items: budget.items }), count: pairs.length });
    }
    case "unknown-list":
      return texts["unknown-list"]({ lists: names(params.lists), count: params.lists.length, people: params.people && params.people.lower > 0 ? people(params.people) : undefined });
    case "directory-failure":
      return texts["directory-failure"]({ cause: causeOf(params.errorCode) });
    case "invalid-recipient":
      return texts["invalid-recipient"]({ recipients: names(params.recipients), count: params.recipients.length });
    case "unread-recipients":
      return texts["unread-recipients"]({ fields: params.fields, people: people(params.people) });
    default:
      return assertNever(params, "reason");
  }
}

/** Cuts a text to `max` UTF-16 units without splitting a character, ending in "…". */
function clamp(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out.trimEnd()}…`;
}

/**
 * The message for one reason in the person's language (any BCP 47 tag; see `resolveLocale`).
 * Names are shortened (about 60 characters each, at most 3 then "and N more") so the result is
 * never longer than `MAX_MESSAGE_LENGTH`.
 */
export function formatReason(params: ReasonParams, locale?: string): string {
  const catalogue = catalogueFor(locale);
  let text = "";
  for (const budget of BUDGETS) {
    text = render(params, catalogue, budget);
    if (text.length <= MAX_MESSAGE_LENGTH) return text;
  }
  return clamp(text, MAX_MESSAGE_LENGTH);
}
