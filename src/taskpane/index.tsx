/// <reference types="office-js" />
/**
 * The task pane's entry (webpack entry `taskpane`, page taskpane.html). The one place in the pane
 * that touches `Office`: it waits for Office.js, builds the adapters (mailbox, policy, directory,
 * sign-in) and renders `App` with plain props. The first paint waits only for the policy file (same
 * origin, at most 1.5 s) and the Smart Alert's context data (local); the directory is asked after.
 */
import { createRoot } from "react-dom/client";
import { resolveLocale } from "../core/messages";
import { CachingDirectory } from "../directory/CachingDirectory";
import type { Directory } from "../directory/Directory";
import { GraphDirectory } from "../directory/GraphDirectory";
import { defaultPolicyUrl } from "../office/addinOrigin";
import { GraphOriginalSenderLookup } from "../office/GraphOriginalSenderLookup";
import { loadPolicy } from "../office/loadPolicy";
import { createTokenProvider } from "../office/NaaTokenProvider";
import type { OfficeApi } from "../office/OfficeApi";
import { OfficeMailbox } from "../office/OfficeMailbox";
import type { OriginalSenderLookup } from "../office/OriginalSenderLookup";
import { App } from "./components/App/App";
import { createPaneCheck } from "./createPaneCheck";
import { signIn } from "./signIn";
import type { ThemeKind } from "./theme";
import { themeKindFromOffice } from "./theme";
import { verdictFromContext } from "./verdictFromContext";

/** Windows high contrast, which Office's web views expose as forced colours. */
const FORCED_COLORS = "(forced-colors: active)";

/** Outlook's theme now. `officeTheme` needs Mailbox 1.14 and is absent before it. */
function currentTheme(): ThemeKind {
  const officeTheme = (Office.context as { officeTheme?: Office.OfficeTheme }).officeTheme;
  const forcedColors = typeof window.matchMedia === "function" && window.matchMedia(FORCED_COLORS).matches;
  return themeKindFromOffice({ bodyBackgroundColor: officeTheme?.bodyBackgroundColor, forcedColors });
}

async function start(container: HTMLElement): Promise<void> {
  const office: OfficeApi = Office;

  // The lookup needs the policy's client id; the mailbox is needed before the policy is in.
  let senderLookup: OriginalSenderLookup | undefined;
  const mailbox = new OfficeMailbox({
    office,
    originalSenderLookup: { find: (id, options) => (senderLookup ? senderLookup.find(id, options) : Promise.resolve(undefined)) },
  });
  const locale = resolveLocale(mailbox.displayLanguage);
  document.documentElement.lang = locale;

  const [policyLoad, contextData] = await Promise.all([
    loadPolicy({ url: defaultPolicyUrl() }),
    (mailbox.readInitializationContext?.() ?? Promise.resolve(undefined)).catch(() => undefined),
  ]);
  const { policy } = policyLoad;

  // Checks never show UI: tokens are silent. Only the Sign in button may open the host's sign-in.
  const silent = createTokenProvider({ office, clientId: policy.directory.clientId, interactive: false });
  const interactive = createTokenProvider({ office, clientId: policy.directory.clientId, interactive: true });
  let directory: Directory | undefined;
  if (silent) {
    const { graphBaseUrl: baseUrl, mailTips, groupCounts } = policy.directory;
    directory = new CachingDirectory({ directory: new GraphDirectory({ baseUrl, tokenProvider: silent, mailTips, groupCounts }) });
    senderLookup = new GraphOriginalSenderLookup({ baseUrl, tokenProvider: silent });
  }
  const check = createPaneCheck({ mailbox, policy, directory, locale });
  const onSignIn = interactive ? () => signIn(interactive) : undefined;
  const fromAlert = verdictFromContext(contextData);

  // No <StrictMode>: its development-only double effects would subscribe to RecipientsChanged
  // twice, and Office removes handlers by event type, so the first unsubscribe would drop both.
  const root = createRoot(container);
  const render = (theme: ThemeKind): void =>
    root.render(
      <App
        mailbox={mailbox}
        check={check}
        policyLoad={policyLoad}
        theme={theme}
        locale={locale}
        initialVerdict={fromAlert?.verdict}
        initialDirectoryFailure={fromAlert?.directoryFailure}
        onSignIn={onSignIn}
      />,
    );
  render(currentTheme());
  // High contrast can be switched on while the pane is open.
  if (typeof window.matchMedia === "function") window.matchMedia(FORCED_COLORS).addEventListener("change", () => render(currentTheme()));
}

const container = document.getElementById("root");
if (typeof Office === "undefined" || !container) {
  console.error("Audience Guard: Office.js or the #root element is missing; the task pane cannot start.");
} else {
  Office.onReady()
    .then(() => start(container))
    .catch((error: unknown) => console.error("Audience Guard: the task pane failed to start.", error));
}
