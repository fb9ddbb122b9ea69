import { makeStyles, mergeClasses, shorthands, tokens, typographyStyles } from "@fluentui/react-components";
import type { DomainGroupKind } from "../../groupDomains";

export const domainGroupsClassNames = {
  root: "ag-DomainGroups",
  group: "ag-DomainGroups__group",
} as const;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  heading: { ...typographyStyles.subtitle2, margin: tokens.spacingVerticalNone },
  groupHeading: { ...typographyStyles.body1Strong, margin: tokens.spacingVerticalNone },
  list: {
    margin: tokens.spacingVerticalNone,
    paddingInlineStart: tokens.spacingHorizontalNone,
    listStyleType: "none",
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalXS,
  },
  domain: {
    ...typographyStyles.body1,
    overflowWrap: "anywhere",
    // A flex item is as wide as its longest word unless allowed to shrink: without these, a long
    // domain is clipped at Outlook's 320 px pane instead of wrapping.
    minWidth: 0,
    maxWidth: "100%",
    boxSizing: "border-box",
    paddingInline: tokens.spacingHorizontalS,
    paddingBlock: tokens.spacingVerticalXXS,
    borderRadius: tokens.borderRadiusMedium,
    ...shorthands.borderWidth(tokens.strokeWidthThin),
    ...shorthands.borderStyle("solid"),
  },
  blocked: { backgroundColor: tokens.colorStatusDangerBackground1, color: tokens.colorStatusDangerForeground1, ...shorthands.borderColor(tokens.colorStatusDangerBorder1) },
  lookalike: { backgroundColor: tokens.colorStatusDangerBackground1, color: tokens.colorStatusDangerForeground1, ...shorthands.borderColor(tokens.colorStatusDangerBorder1) },
  external: { backgroundColor: tokens.colorStatusWarningBackground1, color: tokens.colorStatusWarningForeground1, ...shorthands.borderColor(tokens.colorStatusWarningBorder1) },
  trusted: { backgroundColor: tokens.colorStatusSuccessBackground1, color: tokens.colorStatusSuccessForeground1, ...shorthands.borderColor(tokens.colorStatusSuccessBorder1) },
});

/** Class names of `DomainGroups`; the caller's `className` comes last. */
export function useDomainGroupsStyles(className: string | undefined) {
  const styles = useStyles();
  return {
    root: mergeClasses(domainGroupsClassNames.root, styles.root, className),
    heading: styles.heading,
    group: domainGroupsClassNames.group,
    groupHeading: styles.groupHeading,
    list: styles.list,
    domain: (kind: DomainGroupKind) => mergeClasses(styles.domain, styles[kind]),
  };
}
