import type { ListReport } from "../../../core/evaluate";

/** Props of `ListTable`. */
export interface ListTableProps {
  /** One row per list, in the verdict's order. */
  lists: readonly ListReport[];
  /** Merged last, after the component's own classes. @default undefined */
  className?: string;
}
