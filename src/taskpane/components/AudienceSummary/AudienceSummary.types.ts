import type { Verdict } from "../../../core/evaluate";

/** Props of `AudienceSummary`. */
export interface AudienceSummaryProps {
  /** The verdict's audience: everyone reached, the To+Cc part and the external people. */
  audience: Pick<Verdict["audience"], "total" | "visible" | "external">;
  /**
   * How many recipients the Bcc field holds, when known. With none, nobody is reached only through
   * Bcc; otherwise that number is worked out from the bounds. @default undefined (not known)
   */
  bccRecipients?: number;
  /** Merged last, after the component's own classes. @default undefined */
  className?: string;
}
