import type { Verdict } from "../../../core/evaluate";
import type { Policy } from "../../../core/policy";

/** Props of `DomainGroups`. */
export interface DomainGroupsProps {
  /** The verdict whose external domains and reasons are grouped. */
  verdict: Pick<Verdict, "audience" | "reasons">;
  /** The policy in force, for its trusted and blocked domain patterns. */
  policy: Pick<Policy, "trustedDomains" | "blockedDomains">;
  /** Merged last, after the component's own classes. @default undefined */
  className?: string;
}
