import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";

export const signInPromptClassNames = { root: "ag-SignInPrompt" } as const;

const useStyles = makeStyles({
  root: { width: "100%", boxSizing: "border-box" },
  failed: { display: "block", marginBlockStart: tokens.spacingVerticalXS },
});

/** Class names of `SignInPrompt`; the caller's `className` comes last. */
export function useSignInPromptStyles(className: string | undefined) {
  const styles = useStyles();
  return { root: mergeClasses(signInPromptClassNames.root, styles.root, className), failed: styles.failed };
}
