import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";

export const verdictBarClassNames = {
  root: "ag-VerdictBar",
  reasons: "ag-VerdictBar__reasons",
} as const;

const useStyles = makeStyles({
  root: { width: "100%", boxSizing: "border-box" },
  reasons: {
    marginBlockStart: tokens.spacingVerticalXS,
    marginBlockEnd: tokens.spacingVerticalNone,
    paddingInlineStart: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
  },
  single: { listStyleType: "none", paddingInlineStart: tokens.spacingHorizontalNone },
});

/** Class names of `VerdictBar`; the caller's `className` comes last. */
export function useVerdictBarStyles(options: { className?: string; reasonCount: number }): { root: string; reasons: string } {
  const styles = useStyles();
  return {
    root: mergeClasses(verdictBarClassNames.root, styles.root, options.className),
    reasons: mergeClasses(verdictBarClassNames.reasons, styles.reasons, options.reasonCount === 1 && styles.single),
  };
}
