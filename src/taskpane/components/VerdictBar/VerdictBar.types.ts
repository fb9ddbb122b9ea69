import type { Verdict } from "../../../core/evaluate";

/** Props of `VerdictBar`. */
export interface VerdictBarProps {
  /** The verdict to show: its action sets the intent, each reason's message is listed. */
  verdict: Pick<Verdict, "action" | "reasons">;
  /** Merged last, after the component's own classes. @default undefined */
  className?: string;
}
