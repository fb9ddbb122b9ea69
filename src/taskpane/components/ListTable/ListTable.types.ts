import type { ListReport } from "../../../core/evaluate";

/** Props of `ListTable`. */
export interface ListTableProps {
  /** One row per list, in the verdict's order. */
  lists: readonly ListReport[];
  /** Milliseconds since the epoch, for how old a number read earlier is. @default Date.now() at render */
  now?: number;
  /** Merged last, after the component's own classes. @default undefined */
  className?: string;
}
