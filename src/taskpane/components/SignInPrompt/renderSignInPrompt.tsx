import { Button, MessageBar, MessageBarActions, MessageBarBody, Spinner } from "@fluentui/react-components";
import type * as React from "react";
import type { TaskPaneStrings } from "../../strings/TaskPaneStrings";
import type { SignInPromptState } from "./SignInPrompt.types";
import type { useSignInPromptStyles } from "./useSignInPromptStyles.styles";

/** Renders the prompt from its state; reads nothing else. */
export function renderSignInPrompt(state: SignInPromptState, strings: TaskPaneStrings, styles: ReturnType<typeof useSignInPromptStyles>): React.JSX.Element {
  const busy = state.phase === "signingIn";
  return (
    <MessageBar intent="info" layout="multiline" politeness="polite" className={styles.root}>
      <MessageBarBody>
        {strings.signIn.message}
        {state.phase === "failed" && <span className={styles.failed}>{strings.signIn.failed}</span>}
      </MessageBarBody>
      <MessageBarActions>
        <Button
          type="button"
          appearance="primary"
          disabledFocusable={busy}
          aria-busy={busy || undefined}
          icon={busy ? <Spinner size="extra-tiny" aria-hidden /> : undefined}
          onClick={() => void state.signIn()}
        >
          {busy ? strings.signIn.busy : strings.signIn.button}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
