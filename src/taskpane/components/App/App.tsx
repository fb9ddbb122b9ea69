import type * as React from "react";
import type { AppProps } from "./App.types";
import { renderApp } from "./renderApp";
import { useApp } from "./useApp";
import { useAppStyles } from "./useAppStyles.styles";

/**
 * The task pane: a region named "Audience Guard check" (the host names its frame "Audience Guard") under a `FluentProvider` in Outlook's theme, with
 * the verdict (announced politely), the fixes, the people reached, the lists, the external domains
 * and, when the organisation's policy is not in use, the notice and the details for IT.
 */
export function App(props: AppProps): React.JSX.Element {
  const state = useApp(props);
  const styles = useAppStyles(props.className);
  return renderApp(state, styles);
}
