import { makeStyles, mergeClasses, tokens, typographyStyles } from "@fluentui/react-components";

export const fixButtonsClassNames = {
  root: "ag-FixButtons",
  button: "ag-FixButtons__button",
} as const;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  heading: { ...typographyStyles.subtitle2, margin: tokens.spacingVerticalNone },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  button: { maxWidth: "100%" },
  error: { ...typographyStyles.body1, color: tokens.colorPaletteRedForeground1, margin: tokens.spacingVerticalNone },
  explanation: { ...typographyStyles.body1, margin: tokens.spacingVerticalNone, overflowWrap: "anywhere" },
});

/** Class names of `FixButtons`; the caller's `className` comes last. */
export function useFixButtonsStyles(className: string | undefined) {
  const styles = useStyles();
  return {
    root: mergeClasses(fixButtonsClassNames.root, styles.root, className),
    heading: styles.heading,
    buttons: styles.buttons,
    button: mergeClasses(fixButtonsClassNames.button, styles.button),
    error: styles.error,
    explanation: styles.explanation,
  };
}
