/** Hands the pane's catalogue down the tree, so every component speaks the person's language. */
import * as React from "react";
import { enUS } from "./catalogues/en";
import type { TaskPaneStrings } from "./TaskPaneStrings";

const StringsContext = React.createContext<TaskPaneStrings>(enUS);

/** Props of `StringsProvider`. */
export interface StringsProviderProps {
  /** The catalogue the components below use. */
  strings: TaskPaneStrings;
  children?: React.ReactNode;
}

/** Provides `strings` to every component below it. */
export function StringsProvider({ strings, children }: StringsProviderProps): React.JSX.Element {
  return <StringsContext.Provider value={strings}>{children}</StringsContext.Provider>;
}

/** The catalogue of the nearest `StringsProvider`; en-US without one. */
export function useStrings(): TaskPaneStrings {
  return React.useContext(StringsContext);
}
