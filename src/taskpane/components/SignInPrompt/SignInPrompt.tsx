import type * as React from "react";
import { useStrings } from "../../strings/StringsContext";
import type { SignInPromptProps } from "./SignInPrompt.types";
import { renderSignInPrompt } from "./renderSignInPrompt";
import { useSignInPrompt } from "./useSignInPrompt";
import { useSignInPromptStyles } from "./useSignInPromptStyles.styles";

/** Asks the person to sign in so that the directory can count the lists, with a "Sign in" button. */
export function SignInPrompt(props: SignInPromptProps): React.JSX.Element {
  const state = useSignInPrompt(props);
  const styles = useSignInPromptStyles(props.className);
  return renderSignInPrompt(state, useStrings(), styles);
}
