/**
 * The one render helper for task-pane component tests: the component under test inside a
 * `FluentProvider` (theme) and a `StringsProvider` (locale), with a user-event instance that works
 * with fake timers too.
 */
import { FluentProvider } from "@fluentui/react-components";
import type { RenderOptions, RenderResult } from "@testing-library/react";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type * as React from "react";
import { StringsProvider } from "../../src/taskpane/strings/StringsContext";
import { stringsFor } from "../../src/taskpane/strings/stringsFor";
import type { ThemeKind } from "../../src/taskpane/theme";
import { fluentThemeFor } from "../../src/taskpane/theme";

export interface RenderWithProvidersOptions extends Omit<RenderOptions, "wrapper"> {
  /** @default "en-US" */
  locale?: string;
  /** @default "light" */
  theme?: ThemeKind;
  /** The test uses jest's fake timers: user-event then advances them instead of waiting. @default false */
  fakeTimers?: boolean;
}

export function renderWithProviders(
  ui: React.ReactElement,
  { locale = "en-US", theme = "light", fakeTimers = false, ...options }: RenderWithProvidersOptions = {},
): RenderResult & { user: ReturnType<typeof userEvent.setup> } {
  const strings = stringsFor(locale);
  function Wrapper({ children }: { children?: React.ReactNode }): React.JSX.Element {
    return (
      <FluentProvider theme={fluentThemeFor(theme)}>
        <StringsProvider strings={strings}>{children}</StringsProvider>
      </FluentProvider>
    );
  }
  const user = userEvent.setup(fakeTimers ? { advanceTimers: (ms) => jest.advanceTimersByTime(ms) } : {});
  return { user, ...render(ui, { wrapper: Wrapper, ...options }) };
}
