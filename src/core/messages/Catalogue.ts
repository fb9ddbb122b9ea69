/**
 * The shape every message catalogue fills in. A missing reason, fix or phrase is a compile error:
 * the catalogues are typed `Catalogue`, and `ReasonTexts` is a mapped type over every `ReasonCode`.
 */
import type { FixCode, ReasonCode, RecipientField } from "../types";

/** The locales with their own catalogue; anything else falls back (see `resolveLocale`). */
export const SUPPORTED_LOCALES = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES"] as const;

/** A BCP 47 tag that has a catalogue. */
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/**
 * A phrase around a formatted number, one form per CLDR plural category the language uses
 * (`Intl.PluralRules`); `other` is required and stands in for any category not given.
 */
export type PluralPhrase = { readonly other: (n: string) => string } & {
  readonly [C in Exclude<Intl.LDMLPluralRule, "other">]?: (n: string) => string;
};

/** The compose types that have their own wording; `replyAll` reads as `reply`. */
export type MessageKind = "new" | "reply" | "forward";

/** Why the directory failed, in the terms the person is told. */
export type DirectoryFailureCause = "timeout" | "throttled" | "forbidden" | "unauthorized" | "unavailable" | "network" | "other";

/**
 * What each reason's text receives: numbers already formatted for the locale, name lists already
 * shortened and joined (`undefined` when there is nothing to name), `count` = how many items the
 * list stands for, for singular/plural wording.
 */
export interface ReasonArgs {
  "large-audience": {
    kind: MessageKind;
    people: string;
    limit: string;
    /** True when the audience is certainly above the limit; false when it only may be. */
    certain: boolean;
    lists: string | undefined;
  };
  "bcc-advised": { people: string; limit: string };
  /** `lists`: the lists holding outsiders (found inside, or counted without their addresses). */
  "external-recipients": { people: string; domains: string | undefined; lists: string | undefined; listCount: number };
  "blocked-domain": { domains: string | undefined; count: number };
  "lookalike-domain": { pairs: string | undefined; count: number };
  /** `people`: what the message is known to reach ("at least 60 people"), when anything is known. */
  "unknown-list": { lists: string | undefined; count: number; people: string | undefined };
  "directory-failure": { cause: DirectoryFailureCause };
  "invalid-recipient": { recipients: string | undefined; count: number };
  /** `fields`: the recipient fields Outlook could not hand over in full. */
  "unread-recipients": { fields: readonly RecipientField[]; people: string };
}

/** One text per reason code; a code without an entry in `ReasonArgs` fails to compile. */
export type ReasonTexts = { readonly [C in ReasonCode]: (args: ReasonArgs[C]) => string };

/** A fix's button text: `label` in full, `short` ≤ 20 characters (Smart Alert `cancelLabel`). */
export interface FixTexts {
  readonly label: string;
  readonly short: string;
}

/** Everything person-facing in one language. */
export interface Catalogue {
  readonly locale: SupportedLocale;
  readonly people: {
    /** lower = upper: "840,001 people", "1 person". */
    readonly exact: PluralPhrase;
    /** upper unknown: "at least 840,000 people". */
    readonly atLeast: PluralPhrase;
    /** lower 0, upper known: "up to 800 people". */
    readonly upTo: PluralPhrase;
    /** "between 400 and 800 people". */
    readonly between: (lower: string, upper: string) => string;
    /** Nothing known. */
    readonly unknown: string;
  };
  /** The last item of a shortened list: "2 more". */
  readonly andMore: PluralPhrase;
  /** Joins the last two items where `Intl.ListFormat` is missing: " and ". */
  readonly and: string;
  /**
   * "c0ntoso.com looks like contoso.com" (`near` false: it looks the same, holds or splits the name,
   * or is a typo of it); "contoso.org resembles contoso.com" (`near`: another suffix, a keystroke
   * from a short name, the name with a word added).
   */
  readonly looksLike: (domain: string, imitates: string, near: boolean) => string;
  readonly reasons: ReasonTexts;
  readonly fixes: { readonly [C in FixCode]: FixTexts };
  /** The organisation's policy could not be used; defaults apply; contact IT. */
  readonly policyFallbackNotice: string;
}
