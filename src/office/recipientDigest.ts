import type { MessageSnapshot, RecipientInput } from "../core/types";
import { RECIPIENT_FIELDS } from "../core/types";

/**
 * A stable fingerprint of who a message goes to: per field (To, Cc, Bcc), the lower-cased addresses,
 * sorted. Order, case and display names do not change it; moving someone between fields does.
 * Used to tell whether a prefetched expansion or an acknowledged warning still fits the message.
 *
 * Two 32-bit FNV-1a hashes with different offset bases (64 bits in all, 16 hex digits): no
 * `crypto.subtle`, which the classic Outlook JavaScript runtime may lack, and collisions are
 * negligible for the few recipient sets one compose window sees.
 */
export function recipientDigest(message: Pick<MessageSnapshot, "to" | "cc" | "bcc">): string {
  const text = RECIPIENT_FIELDS.map((field) => `${field}:${message[field].map(recipientKey).sort().join("\n")}`).join("\u0000");
  return hex(fnv1a(text, FNV_OFFSET_BASIS)) + hex(fnv1a(text, SECOND_OFFSET_BASIS));
}

/** FNV-1a's standard 32-bit offset basis. */
const FNV_OFFSET_BASIS = 0x811c9dc5;
/** Any other odd basis gives an independent second hash. */
const SECOND_OFFSET_BASIS = 0x5bd1e995;

function recipientKey(recipient: RecipientInput): string {
  const address = (recipient.emailAddress || recipient.displayName || "").trim().toLowerCase();
  return address.replace(/\s+/g, " ");
}

/** 32-bit FNV-1a over UTF-16 code units (http://www.isthe.com/chongo/tech/comp/fnv/). */
export function fnv1a(text: string, offsetBasis = FNV_OFFSET_BASIS): number {
  let hash = offsetBasis >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function hex(n: number): string {
  return `00000000${n.toString(16)}`.slice(-8);
}
