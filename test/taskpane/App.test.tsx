/** @jest-environment jsdom */
import { webDarkTheme, webLightTheme, teamsHighContrastTheme } from "@fluentui/react-components";
import { act, screen, waitFor, within } from "@testing-library/react";
import { DEFAULT_POLICY, validatePolicy } from "../../src/core/policy";
import { App } from "../../src/taskpane/components/App/App";
import type { AppProps } from "../../src/taskpane/components/App/App.types";
import { person } from "../fixtures/builders";
import { FakeDirectory } from "./FakeDirectory";
import { FakeMailbox } from "./FakeMailbox";
import { renderWithProviders } from "./renderWithProviders";
import type { RenderWithProvidersOptions } from "./renderWithProviders";
import { everyone, organisationPolicy, pipelineCheck, replyToEveryone, scriptedCheck, smallNote, verdictFor } from "./scenarios";

/** Runs `fn` inside `act` and lets the promises it settles run their callbacks. */
async function settle(fn: () => unknown): Promise<void> {
  await act(async () => {
    fn();
    await Promise.resolve();
  });
}

function renderApp(props: Partial<AppProps> & { mailbox?: FakeMailbox; directory?: FakeDirectory } = {}, options: RenderWithProvidersOptions = {}) {
  const mailbox = props.mailbox ?? new FakeMailbox({ snapshot: replyToEveryone });
  const directory = props.directory ?? new FakeDirectory([everyone]);
  const check = props.check ?? pipelineCheck(directory, DEFAULT_POLICY, mailbox.displayLanguage);
  const rendered = renderWithProviders(<App policyLoad={organisationPolicy()} {...props} mailbox={mailbox} check={check} />, options);
  return { mailbox, directory, ...rendered };
}

const pane = () => screen.getByRole("region", { name: "Audience Guard check" });

/** The CSS rule in which the App's own FluentProvider defines its theme's variables. */
function providerCss(): string {
  const provider = pane().closest(".fui-FluentProvider");
  const themeClass = [...(provider?.classList ?? [])].find((c) => /^fui-FluentProvider.+/.test(c));
  if (!themeClass) throw new Error("the pane is not inside a FluentProvider");
  const rules = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText));
  return rules.filter((css) => css.startsWith(`.${themeClass}`)).join("\n");
}

describe("App", () => {
  it("is a region named Audience Guard that checks the message and shows the verdict", async () => {
    renderApp();
    expect(pane()).toBeInTheDocument();
    expect(within(pane()).getByRole("heading", { level: 1, name: "Audience Guard" })).toBeInTheDocument();
    expect(within(pane()).getByText("Checking who this message reaches…")).toBeInTheDocument();
    const bar = await screen.findByRole("group", { name: "Change the recipients before you send" });
    expect(bar.closest("[aria-live='polite']")).not.toBeNull();
    const summary = screen.getByRole("region", { name: "Who this message reaches" });
    expect(summary).toHaveTextContent("People reachedat least 840,000");
    expect(summary).toHaveTextContent("Only in Bcc0 people");
    expect(screen.getByRole("table", { name: "Lists" })).toHaveTextContent("Everyone");
    expect(screen.getByRole("button", { name: "Reply to the sender only" })).toBeInTheDocument();
    expect(screen.queryByText("Checking who this message reaches…")).not.toBeInTheDocument();
  });

  it("applies a fix with exactly its recipients, checks again and keeps focus on the news", async () => {
    const { mailbox, user } = renderApp();
    const button = await screen.findByRole("button", { name: "Reply to the sender only" });
    await user.click(button);
    await screen.findByRole("group", { name: "Ready to send" });
    expect(mailbox.setRecipientsCalls).toEqual([{ to: [person("nestor@contoso.com", "Nestor")], cc: [], bcc: [] }]);
    expect(mailbox.snapshot.to).toEqual([person("nestor@contoso.com", "Nestor")]);
    expect(screen.queryByRole("button", { name: "Reply to the sender only" })).not.toBeInTheDocument();
    expect(screen.getByRole("group", { name: "Ready to send" }).closest("[aria-live]")).toHaveFocus();
    expect(screen.getByRole("region", { name: "Who this message reaches" })).toHaveTextContent("People reached1");
  });

  it("tells the person when a fix could not be applied", async () => {
    const mailbox = new FakeMailbox({ snapshot: replyToEveryone });
    mailbox.failNextSet = true;
    const { user } = renderApp({ mailbox });
    await user.click(await screen.findByRole("button", { name: "Reply to the sender only" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The recipients couldn't be changed.");
    expect(screen.getByRole("group", { name: "Change the recipients before you send" })).toBeInTheDocument();
  });

  it("checks again after the recipients change", async () => {
    jest.useFakeTimers();
    try {
      const mailbox = new FakeMailbox({ snapshot: smallNote });
      renderApp({ mailbox }, { fakeTimers: true });
      await act(() => Promise.resolve());
      expect(await screen.findByRole("group", { name: "Ready to send" })).toBeInTheDocument();
      act(() => mailbox.editRecipients({ cc: [person("x@example.org")] }));
      expect(screen.getByText("Updating…")).toBeInTheDocument();
      await act(() => {
        jest.advanceTimersByTime(300);
        return Promise.resolve();
      });
      expect(await screen.findByRole("group", { name: "Check before you send" })).toHaveTextContent("example.org");
      expect(screen.getByRole("region", { name: "Domains outside your organization" })).toHaveTextContent("example.org");
    } finally {
      jest.useRealTimers();
    }
  });

  it("paints the Smart Alert's verdict at once, before its own check finishes", async () => {
    const initialVerdict = verdictFor(replyToEveryone, { lists: [everyone] });
    const check = scriptedCheck();
    renderApp({ check, initialVerdict });
    expect(screen.getByRole("group", { name: "Change the recipients before you send" })).toBeInTheDocument();
    expect(screen.getByText("Updating…")).toBeInTheDocument();
    await waitFor(() => expect(check.calls).toHaveLength(1));
    await settle(() => check.calls[0]?.result.resolve({ verdict: verdictFor(smallNote) }));
    expect(screen.getByRole("group", { name: "Ready to send" })).toBeInTheDocument();
  });

  it("opens on the fix the Smart Alert's button offered, focused and explained, one press from done", async () => {
    const mailbox = new FakeMailbox({ snapshot: replyToEveryone });
    const initialVerdict = verdictFor(replyToEveryone, { lists: [everyone] });
    const check = scriptedCheck();
    const { user } = renderApp({ mailbox, check, initialVerdict, initialFocus: "reply-to-sender-only" });
    const button = screen.getByRole("button", { name: "Reply to the sender only" });
    await waitFor(() => expect(button).toHaveFocus());
    expect(button).toHaveAccessibleDescription(expect.stringContaining("This is the fix the Send alert offered."));
    expect(button).toHaveAccessibleDescription(expect.stringContaining("over the limit of 1,000 for replies"));
    await waitFor(() => expect(check.calls).toHaveLength(1));
    await settle(() => check.calls[0]?.result.resolve({ verdict: initialVerdict }));
    await user.keyboard("{Enter}");
    await waitFor(() => expect(mailbox.snapshot.to.map((r) => r.emailAddress)).toEqual(["nestor@contoso.com"]));
  });

  it("explains in plain words when the recipients cannot be read, and tries again on request", async () => {
    const mailbox = new FakeMailbox({ snapshot: smallNote });
    mailbox.failNextRead = true;
    const { user } = renderApp({ mailbox });
    expect(await screen.findByText("Audience Guard couldn't read the recipients of this message.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("group", { name: "Ready to send" })).toBeInTheDocument();
  });

  describe("sign-in", () => {
    it("offers Sign in when the directory needs it, and checks again afterwards", async () => {
      const directory = new FakeDirectory([everyone]);
      directory.failWith = "token_unavailable";
      const onSignIn = jest.fn(() => {
        directory.failWith = undefined;
        return Promise.resolve();
      });
      const { user } = renderApp({ directory, onSignIn });
      await user.click(await screen.findByRole("button", { name: "Sign in" }));
      expect(onSignIn).toHaveBeenCalledTimes(1);
      await waitFor(() => expect(screen.queryByRole("button", { name: "Sign in" })).not.toBeInTheDocument());
      expect(screen.getByRole("table", { name: "Lists" })).toHaveTextContent("Directory count");
    });

    it("offers no Sign in button without a way to sign in", async () => {
      const directory = new FakeDirectory([everyone]);
      directory.failWith = "token_unavailable";
      renderApp({ directory });
      await screen.findByRole("group", { name: /./ });
      expect(screen.queryByRole("button", { name: "Sign in" })).not.toBeInTheDocument();
    });

    it("offers no Sign in button when the directory failed for another reason", async () => {
      const directory = new FakeDirectory([everyone]);
      directory.failWith = "directory_timeout";
      renderApp({ directory, onSignIn: jest.fn() });
      expect(await screen.findByText(/took too long to answer/)).toBeInTheDocument();
      expect(screen.queryByRole("button", { name: "Sign in" })).not.toBeInTheDocument();
    });
  });

  it("shows IT the exact policy problems when the defaults are in use", async () => {
    const result = validatePolicy({ limits: { reply: { warnAbove: "lots" } } });
    if (result.ok) throw new Error("expected an invalid policy");
    renderApp({ policyLoad: { policy: DEFAULT_POLICY, source: "defaults", errorCode: "policy_invalid", problems: result.problems } });
    const it = await screen.findByRole("region", { name: "Details for IT" });
    expect(it).toHaveTextContent(`${result.problems[0]?.path}: ${result.problems[0]?.message}`);
  });

  it("speaks the mailbox's language and marks the pane with it", async () => {
    const mailbox = new FakeMailbox({ snapshot: replyToEveryone, displayLanguage: "de-AT" });
    renderApp({ mailbox });
    expect(await screen.findByRole("group", { name: "Ändern Sie die Empfänger, bevor Sie senden" })).toHaveTextContent("840.000");
    expect(pane()).toHaveAttribute("lang", "de-DE");
    expect(screen.getByRole("button", { name: "Nur dem Absender antworten" })).toBeInTheDocument();
  });

  it("lets a locale prop override the mailbox's language", async () => {
    renderApp({ mailbox: new FakeMailbox({ snapshot: smallNote }), locale: "fr-FR" });
    expect(await screen.findByRole("group", { name: "Prêt à envoyer" })).toBeInTheDocument();
  });

  it.each([
    ["light", webLightTheme],
    ["dark", webDarkTheme],
    ["highContrast", teamsHighContrastTheme],
  ] as const)("follows Outlook's %s theme", async (theme, fluent) => {
    renderApp({ mailbox: new FakeMailbox({ snapshot: smallNote }), theme });
    await screen.findByRole("group", { name: "Ready to send" });
    const css = providerCss();
    expect(css).toContain(`--colorNeutralBackground1: ${fluent.colorNeutralBackground1};`);
    expect(css).toContain(`--colorNeutralForeground1: ${fluent.colorNeutralForeground1};`);
    for (const other of [webLightTheme, webDarkTheme, teamsHighContrastTheme].filter((t) => t !== fluent)) {
      expect(css).not.toContain(`--colorNeutralBackground1: ${other.colorNeutralBackground1};`);
    }
  });
});
