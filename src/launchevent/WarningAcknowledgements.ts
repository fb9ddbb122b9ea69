import type { Mailbox } from "../office/Mailbox";

/**
 * "Send again to send anyway" on clients without Send Anyway.
 *
 * Below Mailbox 1.14 there is no `sendModeOverride`, so a warning can only be answered with
 * `allowEvent: false` under the manifest's SoftBlock, whose dialog offers **Don't Send** only
 * (office-js-docs-pr: outlook/onmessagesend-onappointmentsend-events.md, "soft block"). To keep a
 * warning a warning, the handler remembers in `item.sessionData` which recipients and which reasons
 * the person was warned about, says so in the message, and lets the next Send of the same message
 * with the same reasons through. Any change to the recipients, or a different reason, warns again;
 * a block is never let through this way.
 */

/** The sessionData key of the acknowledgement. */
export const WARNED_KEY = "audienceGuard.warned";

export interface WarningAcknowledgementsOptions {
  mailbox: Pick<Mailbox, "getSessionData" | "setSessionData">;
}

/** What a warning was about: the recipients' digest and the sorted reason codes. */
function fingerprint(digest: string, reasonCodes: readonly string[]): string {
  return JSON.stringify({ v: 1, digest, reasons: [...new Set(reasonCodes)].sort() });
}

export class WarningAcknowledgements {
  private readonly mailbox: WarningAcknowledgementsOptions["mailbox"];

  constructor(options: WarningAcknowledgementsOptions) {
    this.mailbox = options.mailbox;
  }

  /** Whether the person was already warned about exactly this. Resolves `false` when sessionData fails. */
  async wasWarned(digest: string, reasonCodes: readonly string[]): Promise<boolean> {
    try {
      return (await this.mailbox.getSessionData(WARNED_KEY)) === fingerprint(digest, reasonCodes);
    } catch {
      return false;
    }
  }

  /** Remembers the warning. Resolves `false` when it could not be saved (then "Send again" would not work). */
  async remember(digest: string, reasonCodes: readonly string[]): Promise<boolean> {
    try {
      await this.mailbox.setSessionData(WARNED_KEY, fingerprint(digest, reasonCodes));
      return true;
    } catch {
      return false;
    }
  }
}
