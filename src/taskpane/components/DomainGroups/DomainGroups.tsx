import { useId } from "@fluentui/react-components";
import * as React from "react";
import { formatDomain } from "../../../core/messages";
import { DOMAIN_GROUP_KINDS, groupDomains } from "../../groupDomains";
import { useStrings } from "../../strings/StringsContext";
import type { DomainGroupsProps } from "./DomainGroups.types";
import { useDomainGroupsStyles } from "./useDomainGroupsStyles.styles";

/**
 * The domains outside the organisation, grouped as blocked, look-alike, external and trusted (empty
 * groups left out), as the person typed them (Unicode), a look-alike with its encoded `xn--` form
 * beside it. Long domains wrap at the pane's 320 px. Renders nothing when the message reaches no one outside.
 */
export function DomainGroups({ verdict, policy, className }: DomainGroupsProps): React.JSX.Element | null {
  const strings = useStrings();
  const styles = useDomainGroupsStyles(className);
  const headingId = useId("domain-groups-");
  const groups = React.useMemo(() => groupDomains(verdict, policy), [verdict, policy]);
  const kinds = DOMAIN_GROUP_KINDS.filter((kind) => groups[kind].length > 0);
  if (kinds.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className={styles.root}>
      <h2 id={headingId} className={styles.heading}>
        {strings.domains.heading}
      </h2>
      {kinds.map((kind) => (
        <div key={kind} className={styles.group}>
          <h3 id={`${headingId}-${kind}`} className={styles.groupHeading}>
            {strings.domains.groups[kind]}
          </h3>
          <ul aria-labelledby={`${headingId}-${kind}`} className={styles.list}>
            {groups[kind].map((domain) => (
              <li key={domain} className={styles.domain(kind)}>
                {formatDomain(domain, kind === "lookalike")}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
