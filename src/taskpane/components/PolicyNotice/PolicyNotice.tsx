import { MessageBar, MessageBarBody, useId } from "@fluentui/react-components";
import type * as React from "react";
import { formatPolicyFallbackNotice } from "../../../core/messages";
import { useStrings } from "../../strings/StringsContext";
import type { PolicyNoticeProps } from "./PolicyNotice.types";
import { usePolicyNoticeStyles } from "./usePolicyNoticeStyles.styles";

/**
 * When the organisation's policy is not in use: a notice for the person (the defaults apply,
 * contact IT) and, for IT, every problem found in policy.json as `path: message`, or why the file
 * could not be fetched. Renders nothing when the organisation's policy is in force.
 */
export function PolicyNotice({ policyLoad, className }: PolicyNoticeProps): React.JSX.Element | null {
  const strings = useStrings();
  const styles = usePolicyNoticeStyles(className);
  const headingId = useId("policy-notice-");
  if (policyLoad.source !== "defaults") return null;
  const problems = policyLoad.problems ?? [];
  const hasDetails = problems.length > 0 || Boolean(policyLoad.errorCode);
  return (
    <section aria-labelledby={hasDetails ? headingId : undefined} aria-label={hasDetails ? undefined : strings.policy.itHeading} className={styles.root}>
      <MessageBar intent="warning" layout="multiline" politeness="polite">
        <MessageBarBody>{formatPolicyFallbackNotice(strings.locale)}</MessageBarBody>
      </MessageBar>
      {hasDetails && (
        <h2 id={headingId} className={styles.heading}>
          {strings.policy.itHeading}
        </h2>
      )}
      {problems.length > 0 && (
        <>
          <p className={styles.text}>{strings.policy.problemsIntro}</p>
          <ul className={styles.problems}>
            {problems.map((problem, index) => (
              <li key={`${problem.path}-${index}`}>
                <code className={styles.path}>{problem.path === "" ? strings.policy.rootPath : problem.path}</code>: {problem.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {problems.length === 0 && policyLoad.errorCode && <p className={styles.text}>{strings.policy.fetchFailed(policyLoad.errorCode)}</p>}
    </section>
  );
}
