import { makeStyles, mergeClasses, tokens, typographyStyles } from "@fluentui/react-components";

export const policyNoticeClassNames = {
  root: "ag-PolicyNotice",
  problems: "ag-PolicyNotice__problems",
} as const;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  heading: { ...typographyStyles.subtitle2, margin: tokens.spacingVerticalNone },
  text: { ...typographyStyles.body1, margin: tokens.spacingVerticalNone },
  problems: {
    margin: tokens.spacingVerticalNone,
    paddingInlineStart: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    ...typographyStyles.body1,
  },
  path: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
});

/** Class names of `PolicyNotice`; the caller's `className` comes last. */
export function usePolicyNoticeStyles(className: string | undefined) {
  const styles = useStyles();
  return {
    root: mergeClasses(policyNoticeClassNames.root, styles.root, className),
    heading: styles.heading,
    text: styles.text,
    problems: mergeClasses(policyNoticeClassNames.problems, styles.problems),
    path: styles.path,
  };
}
