import type { AudienceCheckState } from "../../audienceCheck/useAudienceCheck.types";

/** Props of `CheckStatus`. */
export interface CheckStatusProps {
  /** From `useAudienceCheck`: whether there is a verdict yet. */
  status: AudienceCheckState["status"];
  /** A check is running or scheduled. @default false */
  checking?: boolean;
  /** A fix is being applied. @default false */
  applyingFix?: boolean;
  /** Why the last check failed. @default undefined */
  problem?: AudienceCheckState["problem"];
  /** Checks again; offered with a problem. */
  onRetry: () => void | Promise<void>;
  /** Merged last, after the component's own classes. @default undefined */
  className?: string;
}
