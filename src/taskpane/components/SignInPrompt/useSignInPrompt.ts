import * as React from "react";
import type { SignInPromptProps, SignInPromptState } from "./SignInPrompt.types";

/** Runs the sign-in, tracks its progress, and calls `onSignedIn` when it succeeds. */
export function useSignInPrompt({ onSignIn, onSignedIn }: Pick<SignInPromptProps, "onSignIn" | "onSignedIn">): SignInPromptState {
  const [phase, setPhase] = React.useState<SignInPromptState["phase"]>("idle");
  const running = React.useRef(false);
  const signIn = React.useCallback(async (): Promise<void> => {
    if (running.current) return;
    running.current = true;
    setPhase("signingIn");
    try {
      await onSignIn();
    } catch {
      setPhase("failed");
      return;
    } finally {
      running.current = false;
    }
    setPhase("idle");
    await onSignedIn?.();
  }, [onSignIn, onSignedIn]);
  return { phase, signIn };
}
