import { useId } from "@fluentui/react-components";
import type * as React from "react";
import { formatPeople } from "../../../core/messages";
import { bccOnlyBounds } from "../../audienceParts";
import { formatCount } from "../../strings/formatCount";
import { useStrings } from "../../strings/StringsContext";
import type { AudienceSummaryProps } from "./AudienceSummary.types";
import { useAudienceSummaryStyles } from "./useAudienceSummaryStyles.styles";

/**
 * The people reached as one big number ("840,001", "at least 840,000"), then the To+Cc part, the
 * people reached only through Bcc, and the people outside the organisation.
 */
export function AudienceSummary({ audience, bccRecipients, thresholds, className }: AudienceSummaryProps): React.JSX.Element {
  const strings = useStrings();
  const styles = useAudienceSummaryStyles(className);
  const headingId = useId("audience-summary-");
  const people = (b: Parameters<typeof formatPeople>[0], decidedOn?: readonly (number | null)[]) => formatPeople(b, strings.locale, decidedOn);
  return (
    <section aria-labelledby={headingId} className={styles.root}>
      <h2 id={headingId} className={styles.heading}>
        {strings.summary.heading}
      </h2>
      <div>
        <p className={styles.caption}>{strings.summary.total}</p>
        <p className={styles.total}>{formatCount(audience.total, strings, thresholds?.total)}</p>
      </div>
      <dl className={styles.parts}>
        <dt className={styles.term}>{strings.summary.visible}</dt>
        <dd className={styles.value}>
          {people(audience.visible, thresholds?.visible)}
          <span className={styles.hint}>{strings.summary.visibleHint}</span>
        </dd>
        <dt className={styles.term}>{strings.summary.bcc}</dt>
        <dd className={styles.value}>
          {people(bccRecipients === 0 ? { lower: 0, upper: 0 } : bccOnlyBounds(audience.total, audience.visible))}
          <span className={styles.hint}>{strings.summary.bccHint}</span>
        </dd>
        <dt className={styles.term}>{strings.summary.external}</dt>
        <dd className={styles.value}>{people(audience.external, thresholds?.external)}</dd>
      </dl>
    </section>
  );
}
