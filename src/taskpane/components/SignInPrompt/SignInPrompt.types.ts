/** Props of `SignInPrompt`. */
export interface SignInPromptProps {
  /** Signs in interactively (a pop-up); rejects when the person does not finish. */
  onSignIn: () => Promise<void>;
  /** Called once sign-in has succeeded, e.g. to check again. @default undefined */
  onSignedIn?: () => void | Promise<void>;
  /** Merged last, after the component's own classes. @default undefined */
  className?: string;
}

/** The state `renderSignInPrompt` reads. */
export interface SignInPromptState {
  phase: "idle" | "signingIn" | "failed";
  signIn: () => Promise<void>;
}
