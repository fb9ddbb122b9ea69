import { makeStyles, mergeClasses, tokens, typographyStyles } from "@fluentui/react-components";

export const audienceSummaryClassNames = {
  root: "ag-AudienceSummary",
  total: "ag-AudienceSummary__total",
} as const;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  heading: { ...typographyStyles.subtitle2, margin: tokens.spacingVerticalNone },
  caption: { ...typographyStyles.body1Strong, color: tokens.colorNeutralForeground2, margin: tokens.spacingVerticalNone },
  total: { ...typographyStyles.largeTitle, color: tokens.colorNeutralForeground1, margin: tokens.spacingVerticalNone },
  parts: {
    display: "grid",
    gridTemplateColumns: "auto 1fr",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    margin: tokens.spacingVerticalNone,
  },
  term: { ...typographyStyles.body1Strong },
  value: { ...typographyStyles.body1, margin: tokens.spacingVerticalNone },
  hint: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3, display: "block" },
});

/** Class names of `AudienceSummary`; the caller's `className` comes last. */
export function useAudienceSummaryStyles(className: string | undefined) {
  const styles = useStyles();
  return {
    root: mergeClasses(audienceSummaryClassNames.root, styles.root, className),
    heading: styles.heading,
    caption: styles.caption,
    total: mergeClasses(audienceSummaryClassNames.total, styles.total),
    parts: styles.parts,
    term: styles.term,
    value: styles.value,
    hint: styles.hint,
  };
}
