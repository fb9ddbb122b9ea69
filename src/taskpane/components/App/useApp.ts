import * as React from "react";
import type { Fix } from "../../../core/evaluate";
import { useAudienceCheck } from "../../audienceCheck/useAudienceCheck";
import { stringsFor } from "../../strings/stringsFor";
import { fluentThemeFor } from "../../theme";
import type { AppProps, AppState } from "./App.types";

/** The root's state: theme, strings, the live check, sign-in and focus after a fix. */
export function useApp(props: AppProps): AppState {
  const { mailbox, check, policyLoad, initialVerdict, initialDirectoryFailure, onSignIn, debounceMs } = props;
  const audience = useAudienceCheck({ mailbox, check, policyLoad, initialVerdict, initialDirectoryFailure, debounceMs });
  const locale = props.locale ?? mailbox.displayLanguage;
  const strings = React.useMemo(() => stringsFor(locale), [locale]);
  const theme = fluentThemeFor(props.theme ?? "light");
  const liveRef = React.useRef<HTMLDivElement>(null);
  const { applyFix: apply } = audience;

  // Counts finished fixes, so that an effect runs after the new verdict has been committed.
  const [fixesDone, setFixesDone] = React.useState(0);
  const applyFix = React.useCallback(
    async (fix: Fix): Promise<void> => {
      await apply(fix);
      setFixesDone((n) => n + 1);
    },
    [apply],
  );
  React.useEffect(() => {
    // The fix's button usually goes away with the old verdict, dropping focus on the body: keep
    // keyboard and screen-reader users where the news is.
    const live = liveRef.current;
    const active = live?.ownerDocument.activeElement;
    if (fixesDone > 0 && live && (!active || active === live.ownerDocument.body)) live.focus();
  }, [fixesDone]);

  const focusFix = fixesDone === 0 ? props.initialFocus : undefined;
  return { theme, strings, audience, showSignIn: Boolean(onSignIn) && audience.needsSignIn, onSignIn, applyFix, focusFix, liveRef };
}
