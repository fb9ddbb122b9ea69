import { makeStyles, mergeClasses, tokens, typographyStyles } from "@fluentui/react-components";

export const appClassNames = {
  root: "ag-App",
  pane: "ag-App__pane",
  live: "ag-App__live",
} as const;

const useStyles = makeStyles({
  root: { minHeight: "100vh", backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1 },
  pane: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalL,
    paddingBlock: tokens.spacingVerticalM,
    paddingInline: tokens.spacingHorizontalM,
    boxSizing: "border-box",
    maxWidth: "100%",
  },
  title: { ...typographyStyles.subtitle1, margin: tokens.spacingVerticalNone },
  live: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    ":focus": { outlineStyle: "none" },
    ":focus-visible": {
      outlineStyle: "solid",
      outlineWidth: tokens.strokeWidthThick,
      outlineColor: tokens.colorStrokeFocus2,
    },
  },
});

/** Class names of `App`; the caller's `className` comes last. */
export function useAppStyles(className: string | undefined) {
  const styles = useStyles();
  return {
    root: mergeClasses(appClassNames.root, styles.root, className),
    pane: mergeClasses(appClassNames.pane, styles.pane),
    title: styles.title,
    live: mergeClasses(appClassNames.live, styles.live),
  };
}
