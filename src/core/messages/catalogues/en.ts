/** English catalogues. en-US and en-GB differ only in spelling. */
import type { RecipientField } from "../../types";
import type { Catalogue, DirectoryFailureCause, MessageKind } from "../Catalogue";

const NOUN: Record<MessageKind, { one: string; many: string }> = {
  new: { one: "new message", many: "new messages" },
  reply: { one: "reply", many: "replies" },
  forward: { one: "forwarded message", many: "forwarded messages" },
};

const FIELD: Record<RecipientField, string> = { to: "To", cc: "Cc", bcc: "Bcc" };

const DIRECTORY_FAILURE: Record<DirectoryFailureCause, string> = {
  timeout: "List sizes couldn't be checked in time: the directory took too long to answer.",
  throttled: "List sizes couldn't be checked in time: the directory is busy.",
  forbidden: "List sizes couldn't be checked: the add-in hasn't been given permission to read them.",
  unauthorized: "List sizes couldn't be checked: signing in to the directory failed.",
  unavailable: "List sizes couldn't be checked in time: the directory service is unavailable.",
  network: "List sizes couldn't be checked in time: the network connection failed.",
  other: "List sizes couldn't be checked in time.",
};

function english(locale: "en-US" | "en-GB", organization: string): Catalogue {
  return {
    locale,
    people: {
      exact: { one: (n) => `${n} person`, other: (n) => `${n} people` },
      atLeast: { one: (n) => `at least ${n} person`, other: (n) => `at least ${n} people` },
      upTo: { one: (n) => `up to ${n} person`, other: (n) => `up to ${n} people` },
      between: (lower, upper) => `between ${lower} and ${upper} people`,
      unknown: "an unknown number of people",
    },
    andMore: { other: (n) => `${n} more` },
    and: " and ",
    looksLike: (domain, imitates, near) => `${domain} ${near ? "resembles" : "looks like"} ${imitates}`,
    reasons: {
      "large-audience": ({ kind, people, limit, certain, lists }) =>
        `This ${NOUN[kind].one} ${certain ? "will" : "may"} reach ${people}, over the limit of ${limit} for ${NOUN[kind].many}.` +
        (lists ? ` It goes to ${lists}.` : ""),
      "bcc-advised": ({ people, limit }) =>
        `To and Cc reach ${people}, more than ${limit}. Everyone there can see each other's addresses and reply to all of them; put the lists in Bcc instead.`,
      "external-recipients": ({ people, domains, lists, listCount }) =>
        `This message goes to ${people} outside your ${organization}${domains ? `, at ${domains}` : ""}.` +
        (lists ? ` ${listCount === 1 ? "The list" : "The lists"} ${lists} ${listCount === 1 ? "holds" : "hold"} people outside your ${organization}.` : ""),
      "blocked-domain": ({ domains }) =>
        domains
          ? `Your ${organization} doesn't allow messages to ${domains}. Remove those recipients to send.`
          : `Your ${organization} doesn't allow messages to some of these recipients. Remove them to send.`,
      "lookalike-domain": ({ pairs, count }) =>
        pairs
          ? `Check the recipients: ${pairs}, but ${count === 1 ? "it's a different domain" : "these are different domains"}.`
          : "Check the recipients: a domain among them looks like one you know, but it's a different one.",
      "unknown-list": ({ lists, count, people }) =>
        `The size of ${lists ? `${count === 1 ? "the list" : "the lists"} ${lists}` : "a list"} couldn't be determined${people ? `: this message reaches ${people}, maybe more.` : ", so this message may reach more people than shown."}`,
      "directory-failure": ({ cause }) => `${DIRECTORY_FAILURE[cause]} The number of people this message reaches is unknown.`,
      "unread-recipients": ({ fields, people }) =>
        `Outlook handed over only part of ${fields.map((f) => FIELD[f]).join(", ")}: this message reaches ${people}, and the recipients that couldn't be read may include people outside your ${organization}.`,
      "invalid-recipient": ({ recipients, count }) =>
        recipients
          ? count === 1
            ? `This address isn't valid and couldn't be checked: ${recipients}.`
            : `These addresses aren't valid and couldn't be checked: ${recipients}.`
          : "Some addresses aren't valid and couldn't be checked.",
    },
    fixes: {
      "reply-to-sender-only": { label: "Reply to the sender only", short: "Reply to sender" },
      "move-lists-to-bcc": { label: "Move the lists to Bcc", short: "Move lists to Bcc" },
      "remove-external": { label: "Remove external recipients", short: "Remove external" },
      "remove-blocked": { label: "Remove blocked recipients", short: "Remove blocked" },
      "remove-lookalike": { label: "Remove look-alike addresses", short: "Remove look-alikes" },
    },
    policyFallbackNotice: `Your ${organization}'s Audience Guard policy couldn't be loaded or isn't valid, so the built-in defaults are in use. Please contact your IT department.`,
  };
}

/** American English; the final fallback for every locale. */
export const enUS: Catalogue = english("en-US", "organization");

/** British English (also used for English outside the United States). */
export const enGB: Catalogue = english("en-GB", "organisation");
