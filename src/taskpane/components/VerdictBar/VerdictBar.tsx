import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { MessageBarIntent } from "@fluentui/react-components";
import type * as React from "react";
import { orderReasons } from "../../../core/messages";
import type { Action } from "../../../core/types";
import { assertNever } from "../../../core/types";
import { useStrings } from "../../strings/StringsContext";
import type { VerdictBarProps } from "./VerdictBar.types";
import { useVerdictBarStyles } from "./useVerdictBarStyles.styles";

/** The Fluent intent for a verdict's action. */
export function intentFor(action: Action): MessageBarIntent {
  switch (action) {
    case "allow":
      return "success";
    case "warn":
      return "warning";
    case "block":
      return "error";
    default:
      return assertNever(action, "action");
  }
}

/** The verdict as a message bar: a title by action, then every reason's message, most severe first (as the alert). */
export function VerdictBar({ verdict, className }: VerdictBarProps): React.JSX.Element {
  const strings = useStrings();
  const styles = useVerdictBarStyles({ className, reasonCount: verdict.reasons.length });
  return (
    <MessageBar intent={intentFor(verdict.action)} layout="multiline" politeness="polite" className={styles.root}>
      <MessageBarBody>
        <MessageBarTitle>{strings.verdict[verdict.action]}</MessageBarTitle>
        {verdict.reasons.length > 0 && (
          <ul className={styles.reasons}>
            {orderReasons(verdict.reasons).map((reason, index) => (
              <li key={`${reason.code}-${index}`}>{reason.message}</li>
            ))}
          </ul>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
