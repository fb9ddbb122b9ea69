/// <reference types="office-js" />
/**
 * The task pane's entry (webpack entry `taskpane`, page taskpane.html). The one place in the pane
 * that touches `Office`: it waits for Office.js, builds the adapters (mailbox, policy, directory,
 * sign-in) and renders `App` with plain props. The first paint waits only for the domain data and the
 * policy file (same origin; the data is fetched while Office.js starts), the sign-in code (its own
 * chunk, also fetched at once) and the Smart Alert's context data (local); the directory is asked after.
 *
 * In this bundle tldts and the look-alike table carry no data of their own (tools/webpack/DomainDataPlugin.js,
 * src/office/domainData/README.md): nothing may parse a domain before `downloads.domainData`, and
 * validating the policy does (wildcard patterns against the Public Suffix List). When the data or the
 * sign-in code cannot be loaded the pane says so in plain words and checks nothing.
 */
import { FluentProvider } from "@fluentui/react-components";
import type { Root } from "react-dom/client";
import { createRoot } from "react-dom/client";
import { resolveLocale } from "../core/messages";
import { CachingDirectory } from "../directory/CachingDirectory";
import type { Directory } from "../directory/Directory";
import { GraphDirectory } from "../directory/GraphDirectory";
import { withListIndex } from "../directory/listIndex/withListIndex";
import { addinBaseUrl, defaultPolicyUrl } from "../office/addinOrigin";
import { GraphOriginalSenderLookup } from "../office/GraphOriginalSenderLookup";
import { loadPolicy } from "../office/loadPolicy";
import { domainDataUrl, loadDomainData } from "../office/domainData/loadDomainData";
import type { OfficeApi } from "../office/OfficeApi";
import { OfficeMailbox } from "../office/OfficeMailbox";
import type { OriginalSenderLookup } from "../office/OriginalSenderLookup";
import { App } from "./components/App/App";
import { createPaneCheck } from "./createPaneCheck";
import type { TokenProviders } from "./loadTokenProviders";
import { loadTokenProviders } from "./loadTokenProviders";
import { signIn } from "./signIn";
import { stringsFor } from "./strings/stringsFor";
import type { ThemeKind } from "./theme";
import { fluentThemeFor, themeKindFromOffice } from "./theme";
import { verdictFromContext } from "./verdictFromContext";

/** Windows high contrast, which Office's web views expose as forced colours. */
const FORCED_COLORS = "(forced-colors: active)";

/** Outlook's theme now. `officeTheme` needs Mailbox 1.14 and is absent before it. */
function currentTheme(): ThemeKind {
  const officeTheme = (Office.context as { officeTheme?: Office.OfficeTheme }).officeTheme;
  const forcedColors = typeof window.matchMedia === "function" && window.matchMedia(FORCED_COLORS).matches;
  return themeKindFromOffice({ bodyBackgroundColor: officeTheme?.bodyBackgroundColor, forcedColors });
}

/** What the pane says when it cannot start: no verdict at all rather than one from missing data. */
function renderStartFailure(root: Root, locale: string): void {
  root.render(
    <FluentProvider theme={fluentThemeFor(currentTheme())}>
      <section aria-label="Audience Guard check">
        <p role="alert">{stringsFor(locale).status.startFailed}</p>
      </section>
    </FluentProvider>,
  );
}

/**
 * Started before Office.js is ready, so that the downloads overlap its start-up: the domain data, and
 * MSAL (a chunk of its own, ≈ 290 KB minified, kept out of taskpane.js so that it downloads and
 * compiles beside it; taskpane.html preloads both).
 * Handled in `start`; the no-op catches only keep a failure from being reported as unhandled first.
 */
function startDownloads(): { domainData: Promise<void>; tokenProviders: Promise<TokenProviders> } {
  const domainData = loadDomainData({ url: domainDataUrl() });
  const tokenProviders = loadTokenProviders();
  domainData.catch(() => undefined);
  tokenProviders.catch(() => undefined);
  return { domainData, tokenProviders };
}

async function start(container: HTMLElement, downloads: ReturnType<typeof startDownloads>): Promise<void> {
  const office: OfficeApi = Office;

  // The lookup needs the policy's client id; the mailbox is needed before the policy is in.
  let senderLookup: OriginalSenderLookup | undefined;
  const mailbox = new OfficeMailbox({
    office,
    originalSenderLookup: { find: (id, options) => (senderLookup ? senderLookup.find(id, options) : Promise.resolve(undefined)) },
  });
  const locale = resolveLocale(mailbox.displayLanguage);
  document.documentElement.lang = locale;

  // No <StrictMode>: its development-only double effects would subscribe to RecipientsChanged
  // twice, and Office removes handlers by event type, so the first unsubscribe would drop both.
  const root = createRoot(container);
  const contextRead = (mailbox.readInitializationContext?.() ?? Promise.resolve(undefined)).catch(() => undefined);
  let policyLoad: Awaited<ReturnType<typeof loadPolicy>>;
  let contextData: Awaited<typeof contextRead>;
  let createTokenProvider: TokenProviders["createTokenProvider"];
  try {
    // The policy is validated against the Public Suffix List: only once the domain data is in.
    await downloads.domainData;
    [policyLoad, contextData, { createTokenProvider }] = await Promise.all([loadPolicy({ url: defaultPolicyUrl() }), contextRead, downloads.tokenProviders]);
  } catch (error) {
    console.error("Audience Guard: the task pane could not load what it needs to start.", error);
    renderStartFailure(root, locale);
    return;
  }
  const { policy } = policyLoad;

  // Checks never show UI: tokens are silent. Only the Sign in button may open the host's sign-in.
  const silent = createTokenProvider({ office, clientId: policy.directory.clientId, interactive: false });
  const interactive = createTokenProvider({ office, clientId: policy.directory.clientId, interactive: true });
  let directory: Directory | undefined;
  if (silent) {
    const { graphBaseUrl: baseUrl, mailTips, groupCounts, externalMemberBudget, index } = policy.directory;
    const graph = new GraphDirectory({ baseUrl, tokenProvider: silent, mailTips, groupCounts, externalMemberBudget });
    directory = new CachingDirectory({ directory: withListIndex(graph, index, { addinBaseUrl: addinBaseUrl() }) });
    senderLookup = new GraphOriginalSenderLookup({ baseUrl, tokenProvider: silent });
  }
  const check = createPaneCheck({ mailbox, policy, directory, locale });
  const onSignIn = interactive ? () => signIn(interactive) : undefined;
  const fromAlert = verdictFromContext(contextData);

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
        initialFocus={fromAlert?.focus}
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
  const downloads = startDownloads();
  Office.onReady()
    .then(() => start(container, downloads))
    .catch((error: unknown) => console.error("Audience Guard: the task pane failed to start.", error));
}
