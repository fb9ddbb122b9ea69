/**
 * The shape of every task-pane catalogue. Reason messages, fix labels and counts of people come from
 * the core catalogues (src/core/messages); this holds only what the pane itself says. A catalogue
 * missing a text does not compile; `test/taskpane/strings.test.ts` also walks every key at run time.
 */
import type { SupportedLocale } from "../../core/messages";
import type { Action, ListSource, RecipientField } from "../../core/types";
import type { DomainGroupKind } from "../groupDomains";

/** Everything the task pane says in one language. */
export interface TaskPaneStrings {
  readonly locale: SupportedLocale;
  /** A count that is not exact, without the noun: "at least 840,000", "up to 800", "400–800", "Unknown". */
  readonly count: {
    readonly atLeast: (n: string) => string;
    readonly upTo: (n: string) => string;
    readonly between: (lower: string, upper: string) => string;
    readonly unknown: string;
  };
  readonly status: {
    /** While the first check runs. */
    readonly checking: string;
    /** While a newer check runs and the last verdict is still shown. */
    readonly updating: string;
    /** The recipients could not be read from Outlook. */
    readonly readFailed: string;
    /** The check itself failed. */
    readonly checkFailed: string;
    /** The pane could not start: a part it loads at start-up (domain-data.json, the sign-in code) did not load. */
    readonly startFailed: string;
    readonly tryAgain: string;
  };
  /** The verdict bar's title, by action. */
  readonly verdict: { readonly [A in Action]: string };
  readonly summary: {
    readonly heading: string;
    /** Caption of the big number. */
    readonly total: string;
    readonly visible: string;
    readonly visibleHint: string;
    readonly bcc: string;
    readonly bccHint: string;
    readonly external: string;
  };
  readonly lists: {
    readonly heading: string;
    readonly name: string;
    readonly people: string;
    readonly external: string;
    readonly source: string;
    readonly sources: { readonly [S in ListSource]: string };
    /** Flag beside a number that rests on group metrics which may be out of date. */
    readonly stale: string;
    /** Beside the source of a number read earlier (the tenant list index, a size remembered on this device): `age` is "5 hours ago". */
    readonly countedAgo: (age: string) => string;
    readonly fields: { readonly [F in RecipientField]: string };
  };
  readonly domains: {
    readonly heading: string;
    readonly groups: { readonly [G in DomainGroupKind]: string };
  };
  readonly fixes: {
    readonly heading: string;
    /** Spoken while a fix is being applied. */
    readonly applying: string;
    readonly failed: string;
    /**
     * Beside the fix the Send alert's button offered, when the pane opens from it: what pressing
     * it does next. Follows the message of the reason the fix clears.
     */
    readonly fromAlert: string;
  };
  readonly signIn: {
    readonly message: string;
    readonly button: string;
    readonly busy: string;
    readonly failed: string;
  };
  readonly policy: {
    /** Heading of the panel meant for IT. */
    readonly itHeading: string;
    /** Introduces the list of problems found in policy.json. */
    readonly problemsIntro: string;
    /** policy.json could not be fetched; `code` is the error code for IT. */
    readonly fetchFailed: (code: string) => string;
    /** Stands for the empty path: the problem is with the file as a whole. */
    readonly rootPath: string;
  };
}
