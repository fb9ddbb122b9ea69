import type { Verdict } from "../../../core/evaluate";
import type { DecisionThresholds } from "../../audienceParts";

/** Props of `AudienceSummary`. */
export interface AudienceSummaryProps {
  /** The verdict's audience: everyone reached, the To+Cc part and the external people. */
  audience: Pick<Verdict["audience"], "total" | "visible" | "external">;
  /**
   * How many recipients the Bcc field holds, when known. With none, nobody is reached only through
   * Bcc; otherwise that number is worked out from the bounds. @default undefined (not known)
   */
  bccRecipients?: number;
  /**
   * The limits each count is decided on: a range is shown only when one lies inside it.
   * @default undefined (ranges shown as they are)
   */
  thresholds?: DecisionThresholds;
  /** Merged last, after the component's own classes. @default undefined */
  className?: string;
}
