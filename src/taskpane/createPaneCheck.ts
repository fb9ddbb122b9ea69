/**
 * The `check` the pane runs: the same pipeline as Send (`checkMessage`), using what the prefetch in
 * `item.sessionData` already knows, looking up the original sender of a reply alongside, and leaving
 * what it learned in sessionData so that the next Send needs no Graph request. Office-free: it talks
 * to the Mailbox port and the Directory port.
 */
import type { Policy } from "../core/policy";
import type { MessageSnapshot } from "../core/types";
import { checkMessage } from "../directory/checkMessage";
import type { Directory } from "../directory/Directory";
import { ExpansionCache, carryLists } from "../office/ExpansionCache";
import type { Mailbox } from "../office/Mailbox";
import { recipientDigest } from "../office/recipientDigest";
import type { AudienceCheck } from "./audienceCheck/useAudienceCheck.types";

export interface PaneCheckOptions {
  mailbox: Pick<Mailbox, "getSessionData" | "setSessionData" | "findOriginalSender">;
  policy: Policy;
  /** Absent when there is no way to reach a directory: every list not prefetched is then unknown. */
  directory?: Directory;
  /** BCP 47 tag the verdict's messages are written in. */
  locale: string;
  /** Milliseconds since the epoch, for the prefetch's age. @default Date.now */
  now?: () => number;
}

const isReply = (message: MessageSnapshot): boolean => message.composeType === "reply" || message.composeType === "replyAll";

/** Builds the pane's `check`. The returned function never rejects (like `checkMessage`). */
export function createPaneCheck(options: PaneCheckOptions): AudienceCheck {
  const { mailbox, policy, directory, locale } = options;
  const now = options.now ?? (() => Date.now());
  const cache = new ExpansionCache({ mailbox, now });

  return async (snapshot, { signal }) => {
    const digest = recipientDigest(snapshot);
    // Lists are known by address, whatever recipients they were learned for (ExpansionCache.ts).
    const held = await cache.readFor(digest);
    const prefetch = held.same;
    const knownSender = snapshot.originalSender ?? prefetch?.originalSender;
    const message: MessageSnapshot = knownSender ? { ...snapshot, originalSender: knownSender } : snapshot;
    const lookUp = isReply(message) && !knownSender && mailbox.findOriginalSender ? mailbox.findOriginalSender({ signal }) : undefined;

    // The sender lookup (one Graph request, remembered) runs beside the check rather than before it.
    const [first, sender] = await Promise.all([
      checkMessage({ message, policy, directory, known: held.lists, locale, signal }),
      lookUp?.catch(() => undefined),
    ]);
    let result = first;
    if (sender && !first.directoryFailure) {
      // Every list is known now: no directory, no network; only the reply fix changes.
      const second = await checkMessage({ message: { ...message, originalSender: sender }, policy, known: first.lists, locale, signal });
      result = { ...second, elapsedMs: first.elapsedMs + second.elapsedMs };
    }
    const originalSender = sender ?? knownSender;
    if (!signal.aborted) void cache.write({ digest, savedAt: now(), ...carryLists(held, result.lists), ...(originalSender ? { originalSender } : {}) });
    return result;
  };
}
