import type { FailureAction } from "../office/storedPolicy";
import type { SmartAlertCompletion } from "./completeOnce";
import { launchTexts } from "./launchTexts";

/**
 * Outlook's answer when the check could not run — it failed, ran out of time, or the checking code
 * could not even load — by the policy's `directoryFailure`: `allow` sends; `block` stops with "couldn't
 * finish checking … try again"; `warn` says the same and offers **Send Anyway** (`sendModeOverride`,
 * Mailbox 1.14, which the manifest requires). The message always says that the check did not run:
 * never a silent allow on a warn or a block.
 *
 * @param action the organisation's `directoryFailure` if its policy was read, else the last one seen, else the built-in one
 * @param promptUser `Office.MailboxEnums.SendModeOverride.PromptUser` ("promptUser")
 */
export function checkFailedCompletion(action: FailureAction, locale: string | undefined, promptUser: string): SmartAlertCompletion {
  const texts = launchTexts(locale);
  switch (action) {
    case "allow":
      return { allowEvent: true };
    case "block":
      return { allowEvent: false, errorMessage: `${texts.checkFailed} ${texts.checkFailedBlock}` };
    case "warn":
      return { allowEvent: false, errorMessage: `${texts.checkFailed} ${texts.checkFailedPrompt}`, sendModeOverride: promptUser };
    default:
      return unreachable(action);
  }
}

/** assertNever without importing src/core (this module must load when the checking code cannot). */
function unreachable(value: never): never {
  throw new Error(`Unexpected directoryFailure: ${String(value)}`);
}
