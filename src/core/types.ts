/**
 * The shapes every layer shares: the message being sent, the audience it reaches, and the verdict.
 * Pure data; no behaviour lives here.
 */

/** How the message was started. Office.js cannot tell reply from reply-all; both are judged by audience. */
export type ComposeType = "new" | "reply" | "replyAll" | "forward";

/** Office's `EmailAddressDetails.recipientType`. */
export type RecipientType = "user" | "distributionList" | "externalUser" | "other";

/** The three recipient fields of a compose item. */
export type RecipientField = "to" | "cc" | "bcc";
export const RECIPIENT_FIELDS: readonly RecipientField[] = ["to", "cc", "bcc"];

/** One recipient as Office hands it over (`EmailAddressDetails`). The address may hide in `displayName`. */
export interface RecipientInput {
  emailAddress: string;
  displayName?: string;
  recipientType?: RecipientType;
}

/** What the add-in reads from the compose item before it decides. */
export interface MessageSnapshot {
  composeType: ComposeType;
  /** The sender's address. */
  from: string;
  to: RecipientInput[];
  cc: RecipientInput[];
  bcc: RecipientInput[];
  /** For replies: who wrote the message being answered, when known. */
  originalSender?: string;
  /** Fields that held more recipients than the client could return (500 or 1,000). */
  truncatedFields?: RecipientField[];
}

/** A count known to lie between `lower` and `upper` (inclusive). `upper` may be `Infinity` (unknown). */
export interface Bounds {
  lower: number;
  upper: number;
}

/**
 * Where a list's numbers came from. "index": the tenant list index IT's scheduled job publishes
 * (exact transitive counts as of `asOf`).
 */
export type ListSource = "groupCounts" | "mailTips" | "enumerated" | "index" | "unknown";

/** What the directory knows about one distribution list. */
export interface ListExpansion {
  /** Lower-case ASCII address of the list. */
  address: string;
  displayName?: string;
  /** People the list reaches once every nested list is expanded. */
  people: Bounds;
  /** External people among them (guests, contacts, outside the tenant). */
  external: Bounds;
  source: ListSource;
  /** True when the number rests on Exchange group metrics that may be out of date. */
  mayBeStale?: boolean;
  /** Lower-case member addresses, present only when the list was enumerated in full. */
  members?: readonly string[];
  /**
   * Lower-case addresses of some of the list's people, when it was not enumerated in full: its guests
   * and contacts (read to learn their domains) and whoever else came back with them. Those outside the
   * internal domains are its known outsiders; `external.lower` beyond their number are outsiders whose
   * addresses could not be read.
   */
  knownMembers?: readonly string[];
  /** Members the directory returned without an address (Graph's limited information): unknown people, never no one. */
  unreadable?: number;
  /**
   * The directory says this address is not a list (no group has it and mail tips count it as one
   * recipient): it is one person, whatever Outlook called it.
   */
  notAList?: boolean;
  /**
   * Why the list, or part of what was asked about it, is unknown: any code but `graph_not_found` means
   * the directory could not answer (a fault, a missing permission), and the policy's `directoryFailure`
   * decides, even when another source filled in the bounds.
   */
  errorCode?: string;
  /**
   * ISO 8601 time the numbers were read from the directory, when they were not read just now: source
   * "index" (when the job read them), or a size remembered for the person (directory.listCacheHours).
   */
  asOf?: string;
  /**
   * Lower-case domains of the list's external people, when known without their addresses (source
   * "index": the index never holds member addresses).
   */
  externalDomains?: readonly string[];
}

export type Action = "allow" | "warn" | "block";

export type ReasonCode =
  | "large-audience"
  | "bcc-advised"
  | "external-recipients"
  | "blocked-domain"
  | "lookalike-domain"
  | "unknown-list"
  | "directory-failure"
  | "invalid-recipient"
  | "unread-recipients";

export type FixCode =
  | "reply-to-sender-only"
  | "move-lists-to-bcc"
  | "remove-external"
  | "remove-blocked"
  | "remove-lookalike";

export const REASON_CODES: readonly ReasonCode[] = [
  "large-audience",
  "bcc-advised",
  "external-recipients",
  "blocked-domain",
  "lookalike-domain",
  "unknown-list",
  "directory-failure",
  "invalid-recipient",
  "unread-recipients",
];

export const FIX_CODES: readonly FixCode[] = [
  "reply-to-sender-only",
  "move-lists-to-bcc",
  "remove-external",
  "remove-blocked",
  "remove-lookalike",
];

export function assertNever(value: never, what = "value"): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
