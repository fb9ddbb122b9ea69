import { Button, MessageBar, MessageBarActions, MessageBarBody, Spinner } from "@fluentui/react-components";
import type * as React from "react";
import { useStrings } from "../../strings/StringsContext";
import type { CheckStatusProps } from "./CheckStatus.types";
import { useCheckStatusStyles } from "./useCheckStatusStyles.styles";

/**
 * How the check is going, in plain words: a spinner while the first check runs, "Updating…" while a
 * newer one runs, "Changing the recipients…" while a fix is applied, and a failure with "Try again".
 */
export function CheckStatus({ status, checking = false, applyingFix = false, problem, onRetry, className }: CheckStatusProps): React.JSX.Element | null {
  const strings = useStrings();
  const styles = useCheckStatusStyles(className);
  const busyText = applyingFix ? strings.fixes.applying : status === "loading" ? strings.status.checking : checking ? strings.status.updating : undefined;
  if (!busyText && !problem) return null;
  return (
    <div className={styles.root}>
      {busyText && (
        <Spinner
          size={status === "loading" ? "medium" : "extra-tiny"}
          labelPosition={status === "loading" ? "below" : "after"}
          label={busyText}
          className={status === "loading" ? styles.loading : styles.updating}
        />
      )}
      {problem && !checking && (
        <MessageBar intent="error" layout="multiline" politeness="polite">
          <MessageBarBody>{problem.kind === "read" ? strings.status.readFailed : strings.status.checkFailed}</MessageBarBody>
          <MessageBarActions>
            <Button type="button" onClick={() => void onRetry()}>
              {strings.status.tryAgain}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
    </div>
  );
}
