import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";

export const checkStatusClassNames = { root: "ag-CheckStatus" } as const;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  loading: { paddingBlock: tokens.spacingVerticalXL },
  updating: { justifyContent: "flex-start" },
});

/** Class names of `CheckStatus`; the caller's `className` comes last. */
export function useCheckStatusStyles(className: string | undefined) {
  const styles = useStyles();
  return { root: mergeClasses(checkStatusClassNames.root, styles.root, className), loading: styles.loading, updating: styles.updating };
}
