import type { Theme } from "@fluentui/react-components";
import type * as React from "react";
import type { ErrorCode } from "../../../core/errors";
import type { Fix, Verdict } from "../../../core/evaluate";
import type { FixCode } from "../../../core/types";
import type { Mailbox } from "../../../office/Mailbox";
import type { AudienceCheck, AudienceCheckState } from "../../audienceCheck/useAudienceCheck.types";
import type { PolicyLoad } from "../../../office/loadPolicy";
import type { TaskPaneStrings } from "../../strings/TaskPaneStrings";
import type { ThemeKind } from "../../theme";

/** Props of `App`, the task pane's root. Plain values only: index.tsx reads Office and passes them in. */
export interface AppProps {
  /** The message being composed. Keep it stable: a new mailbox starts the checks over. */
  mailbox: Mailbox;
  /** Checks one snapshot of the message (index.tsx wraps `checkMessage` with the directory). */
  check: AudienceCheck;
  /** The policy in force and how it was loaded. */
  policyLoad: PolicyLoad;
  /** Follows Outlook's theme. @default "light" */
  theme?: ThemeKind;
  /** BCP 47 tag of the person's language. @default mailbox.displayLanguage */
  locale?: string;
  /** The verdict the Smart Alert passed in `contextData`, shown before the first check finishes. @default undefined */
  initialVerdict?: Verdict;
  /** The directory failure behind `initialVerdict`. @default undefined */
  initialDirectoryFailure?: ErrorCode;
  /**
   * The fix the Smart Alert's button offered: focused and explained until a fix is applied.
   * @default undefined
   */
  initialFocus?: FixCode;
  /**
   * Signs in interactively; when given, a "Sign in" button appears whenever the directory needs it
   * (`token_unavailable`). The pane checks again once it resolves. @default undefined (no button)
   */
  onSignIn?: () => Promise<void>;
  /** Quiet time after the last recipients change before checking, ms. @default 300 */
  debounceMs?: number;
  /** Merged last, after the component's own classes on the root. @default undefined */
  className?: string;
}

/** The state `renderApp` reads. */
export interface AppState {
  theme: Theme;
  strings: TaskPaneStrings;
  audience: AudienceCheckState;
  /** The sign-in prompt shows. */
  showSignIn: boolean;
  onSignIn: (() => Promise<void>) | undefined;
  /** Applies a fix and then, if the focused button went away with the old verdict, focuses the verdict. */
  applyFix: (fix: Fix) => Promise<void>;
  /** The fix to focus and explain: `initialFocus` until the first fix is applied. */
  focusFix: FixCode | undefined;
  /** The live region holding the status and the verdict. */
  liveRef: React.RefObject<HTMLDivElement | null>;
}
