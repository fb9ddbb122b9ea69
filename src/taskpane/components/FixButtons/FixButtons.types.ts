import type { Fix } from "../../../core/evaluate";
import type { FixCode } from "../../../core/types";
import type { FixStatus } from "../../audienceCheck/useAudienceCheck.types";

/** Props of `FixButtons`. */
export interface FixButtonsProps {
  /** The verdict's fixes, one button each, in order (the first is the primary action). */
  fixes: readonly Fix[];
  /** Progress of each fix by code; a fix with no entry is idle. @default {} */
  fixStatus?: Partial<Record<FixCode, FixStatus>>;
  /**
   * Every button is disabled (still focusable), e.g. while the verdict is out of date after the
   * recipients changed: a fix computed from old recipients would undo the change. @default false
   */
  disabled?: boolean;
  /**
   * The fix the Send alert's button offered (Smart Alerts `contextData`): shown first as the primary
   * button, focused when it appears, and explained by `explanation`. @default undefined
   */
  focus?: FixCode;
  /** Why the focused fix is offered: the message of the reason it clears. @default undefined */
  explanation?: string;
  /** Applies a fix. */
  onApply: (fix: Fix) => void | Promise<void>;
  /** Merged last, after the component's own classes. @default undefined */
  className?: string;
}
