/** English task-pane catalogues. en-US and en-GB differ only in spelling. */
import type { TaskPaneStrings } from "../TaskPaneStrings";

function english(locale: "en-US" | "en-GB", organization: string): TaskPaneStrings {
  return {
    locale,
    count: {
      atLeast: (n) => `at least ${n}`,
      upTo: (n) => `up to ${n}`,
      between: (lower, upper) => `${lower}–${upper}`,
      unknown: "Unknown",
    },
    status: {
      checking: "Checking who this message reaches…",
      updating: "Updating…",
      readFailed: "Audience Guard couldn't read the recipients of this message.",
      checkFailed: "Audience Guard couldn't finish checking this message.",
      startFailed: "Audience Guard couldn't start because part of it didn't load. This message hasn't been checked. Close this pane and open it again.",
      tryAgain: "Try again",
    },
    verdict: {
      allow: "Ready to send",
      warn: "Check before you send",
      block: "Change the recipients before you send",
    },
    summary: {
      heading: "Who this message reaches",
      total: "People reached",
      visible: "To and Cc",
      visibleHint: "They see each other and can reply to everyone.",
      bcc: "Only in Bcc",
      bccHint: "Hidden from the other recipients.",
      external: `Outside your ${organization}`,
    },
    lists: {
      heading: "Lists",
      name: "List",
      people: "People",
      external: "External",
      source: "Source",
      sources: {
        groupCounts: "Directory count",
        mailTips: "Mail tips (may be out of date)",
        enumerated: "Counted member by member",
        index: "Tenant list index",
        unknown: "Unknown",
      },
      stale: "May be out of date",
      countedAgo: (age) => `Counted ${age}`,
      fields: { to: "To", cc: "Cc", bcc: "Bcc" },
    },
    domains: {
      heading: `Domains outside your ${organization}`,
      groups: { trusted: "Trusted", external: "External", blocked: "Blocked", lookalike: "Look-alikes" },
    },
    fixes: {
      heading: "Fix it",
      applying: "Changing the recipients…",
      failed: "The recipients couldn't be changed. Try again, or change them yourself.",
      fromAlert: "This is the fix the Send alert offered. Press it to change the recipients, then send again.",
    },
    signIn: {
      message: "Sign in so Audience Guard can count the people in your lists.",
      button: "Sign in",
      busy: "Signing in…",
      failed: "Sign-in didn't finish. Try again.",
    },
    policy: {
      itHeading: "Details for IT",
      problemsIntro: "policy.json has these problems:",
      fetchFailed: (code) => `policy.json couldn't be fetched (${code}).`,
      rootPath: "(the whole file)",
    },
  };
}

/** American English; the fallback for every locale. */
export const enUS: TaskPaneStrings = english("en-US", "organization");

/** British English (also used for English outside the United States). */
export const enGB: TaskPaneStrings = english("en-GB", "organisation");
