import { makeStyles, mergeClasses, tokens, typographyStyles } from "@fluentui/react-components";

export const listTableClassNames = {
  root: "ag-ListTable",
  table: "ag-ListTable__table",
} as const;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  heading: { ...typographyStyles.subtitle2, margin: tokens.spacingVerticalNone },
  table: { tableLayout: "auto" },
  // Names and addresses need the room; the numbers are short.
  nameColumn: { width: "40%" },
  name: { ...typographyStyles.body1Strong, overflowWrap: "anywhere" },
  detail: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3, display: "block", overflowWrap: "anywhere" },
  number: { fontVariantNumeric: "tabular-nums" },
  cell: { paddingBlock: tokens.spacingVerticalXS, verticalAlign: "top" },
  stale: { marginInlineStart: tokens.spacingHorizontalXS },
});

/** Class names of `ListTable`; the caller's `className` comes last. */
export function useListTableStyles(className: string | undefined) {
  const styles = useStyles();
  return {
    root: mergeClasses(listTableClassNames.root, styles.root, className),
    heading: styles.heading,
    table: mergeClasses(listTableClassNames.table, styles.table),
    nameColumn: styles.nameColumn,
    name: styles.name,
    detail: styles.detail,
    number: mergeClasses(styles.cell, styles.number),
    cell: styles.cell,
    stale: styles.stale,
  };
}
