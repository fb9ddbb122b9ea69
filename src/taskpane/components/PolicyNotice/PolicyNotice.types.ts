import type { PolicyLoad } from "../../../office/loadPolicy";

/** Props of `PolicyNotice`. */
export interface PolicyNoticeProps {
  /** How the policy was loaded; the notice shows only when the built-in defaults are in use. */
  policyLoad: PolicyLoad;
  /** Merged last, after the component's own classes. @default undefined */
  className?: string;
}
