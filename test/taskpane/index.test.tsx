/** @jest-environment jsdom */
/**
 * The entry's wiring, with a stand-in for the `Office` global (the members src/office/OfficeApi.ts
 * lists) and for `fetch` (policy.json): Office.onReady → App rendered into #root with the mailbox's
 * language, Outlook's theme, the Smart Alert's verdict and the policy's problems.
 */
import { webDarkTheme } from "@fluentui/react-components";
import { screen, within } from "@testing-library/react";
import { contextDataFor } from "../../src/launchevent/smartAlert";
import { domainDataFile } from "../office/domainDataFixture";
import { everyone, replyToEveryone, verdictFor } from "./scenarios";

// jest runs CommonJS, without the dynamic import() that puts MSAL in a chunk of its own in the build.
jest.mock("../../src/taskpane/loadTokenProviders", () => ({
  loadTokenProviders: () => Promise.resolve(jest.requireActual("../../src/office/NaaTokenProvider")),
}));

type Callback<T> = (result: { status: string; value: T }) => void;

function recipients(list: { emailAddress: string; displayName?: string; recipientType?: string }[], hang = false) {
  return {
    getAsync: (cb: Callback<unknown>) => (hang ? undefined : queueMicrotask(() => cb({ status: "succeeded", value: list }))),
    setAsync: (_r: unknown, cb: Callback<void>) => queueMicrotask(() => cb({ status: "succeeded", value: undefined })),
    addAsync: (_r: unknown, cb?: Callback<void>) => queueMicrotask(() => cb?.({ status: "succeeded", value: undefined })),
  };
}

function installOffice(options: { displayLanguage: string; contextData?: string; bodyBackgroundColor?: string; hangReads?: boolean }) {
  const session = new Map<string, string>();
  const office = {
    onReady: () => Promise.resolve({ host: "Outlook", platform: "OfficeOnline" }),
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    EventType: { RecipientsChanged: "olkRecipientsChanged" },
    MailboxEnums: { SendModeOverride: { PromptUser: "promptUser" } },
    context: {
      displayLanguage: options.displayLanguage,
      officeTheme: options.bodyBackgroundColor ? { bodyBackgroundColor: options.bodyBackgroundColor } : undefined,
      requirements: { isSetSupported: (name: string, version?: string) => name === "Mailbox" && Number(version) <= 1.14 },
      mailbox: {
        userProfile: { emailAddress: replyToEveryone.from },
        item: {
          to: recipients(replyToEveryone.to, options.hangReads),
          cc: recipients([]),
          bcc: recipients([]),
          getComposeTypeAsync: (cb: Callback<unknown>) => queueMicrotask(() => cb({ status: "succeeded", value: { composeType: "reply" } })),
          sessionData: {
            getAsync: (k: string, cb: Callback<string>) => queueMicrotask(() => cb({ status: "succeeded", value: session.get(k) ?? "" })),
            setAsync: (k: string, v: string, cb: Callback<void>) => queueMicrotask(() => (session.set(k, v), cb({ status: "succeeded", value: undefined }))),
          },
          getInitializationContextAsync: (cb: Callback<string>) => queueMicrotask(() => cb({ status: "succeeded", value: options.contextData ?? "" })),
          addHandlerAsync: (_t: unknown, _h: unknown, cb?: Callback<void>) => queueMicrotask(() => cb?.({ status: "succeeded", value: undefined })),
          removeHandlerAsync: () => undefined,
        },
      },
    },
  };
  (globalThis as unknown as { Office: unknown }).Office = office;
}

const DOMAIN_DATA = JSON.stringify(domainDataFile());

/** `fetch` serving policy.json with `body`, and domain-data.json (or an HTTP 404 for it when `domainData` is false). */
function installPolicy(body: string, options: { domainData?: boolean } = {}) {
  const fetch = jest.fn((url: string) => {
    if (url.endsWith("/domain-data.json")) {
      return Promise.resolve(options.domainData === false ? { ok: false, status: 404, text: () => Promise.resolve("") } : { ok: true, status: 200, text: () => Promise.resolve(DOMAIN_DATA) });
    }
    return Promise.resolve({ ok: true, status: 200, text: () => Promise.resolve(body) });
  });
  (globalThis as unknown as { fetch: unknown }).fetch = fetch;
  return fetch;
}

/** Loads the entry afresh (it starts on import) and waits for the pane to appear. */
async function startPane(name = "Audience Guard check"): Promise<HTMLElement> {
  document.body.innerHTML = '<main><div id="root"></div></main>';
  jest.isolateModules(() => {
    // Each test needs a fresh copy of the entry, which only a synchronous require gives here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see the line above
    require("../../src/taskpane/index");
  });
  return screen.findByRole("region", { name }, { timeout: 5000 });
}

// The entry renders with its own copy of React (isolateModules), which this file's `act` cannot
// reach: test it as a browser would, by waiting for what appears.
const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
beforeEach(() => {
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = false;
});
afterEach(() => {
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = true;
  delete (globalThis as { Office?: unknown }).Office;
  delete (globalThis as { fetch?: unknown }).fetch;
});

// Each test loads Fluent UI and the engine afresh.
jest.setTimeout(20_000);

describe("the task pane entry", () => {
  it("starts from the Smart Alert's verdict, in the person's language and Outlook's theme", async () => {
    const verdict = verdictFor(replyToEveryone, { lists: [everyone], locale: "de-DE" });
    // Reading the recipients never finishes here, so what shows can only come from the Smart Alert.
    installOffice({ displayLanguage: "de-DE", contextData: contextDataFor(verdict), bodyBackgroundColor: "#1f1f1f", hangReads: true });
    const fetch = installPolicy("{}");
    const pane = await startPane();
    expect(fetch).toHaveBeenCalledWith("http://localhost/domain-data.json", expect.anything());
    expect(fetch).toHaveBeenCalledWith("http://localhost/policy.json", expect.anything());
    expect(document.documentElement.lang).toBe("de-DE");
    expect(within(pane).getByRole("group", { name: "Ändern Sie die Empfänger, bevor Sie senden" })).toBeInTheDocument();
    expect(within(pane).getByText("Wird aktualisiert …")).toBeInTheDocument();
    expect(within(pane).getByRole("button", { name: "Nur dem Absender antworten" })).toBeInTheDocument();
    const themeClass = [...(pane.closest(".fui-FluentProvider")?.classList ?? [])].find((c) => /^fui-FluentProvider.+/.test(c));
    const css = [...document.styleSheets].flatMap((s) => [...s.cssRules].map((r) => r.cssText)).filter((t) => t.startsWith(`.${themeClass ?? "?"}`));
    expect(css.join("\n")).toContain(`--colorNeutralBackground1: ${webDarkTheme.colorNeutralBackground1};`);
  });

  it("shows IT what is wrong with policy.json and checks under the defaults", async () => {
    installOffice({ displayLanguage: "en-GB" });
    installPolicy(JSON.stringify({ limits: { reply: { warnAbove: -5 } } }));
    await startPane();
    expect(screen.getByRole("region", { name: "Details for IT" })).toHaveTextContent("limits.reply.warnAbove:");
    // No client id in the policy: no directory, so the list's size is unknown.
    expect(await screen.findByRole("table", { name: "Lists" })).toHaveTextContent("Unknown");
    expect(screen.queryByRole("button", { name: "Sign in" })).not.toBeInTheDocument();
  });

  it("says plainly that it could not start, and checks nothing, when domain-data.json does not load", async () => {
    const error = jest.spyOn(console, "error").mockImplementation(() => undefined);
    installOffice({ displayLanguage: "en-GB" });
    const fetch = installPolicy("{}", { domainData: false });
    const pane = await startPane();
    expect(within(pane).getByRole("alert")).toHaveTextContent("Audience Guard couldn't start because part of it didn't load. This message hasn't been checked.");
    // Without the Public Suffix List nothing is parsed: not even the policy is fetched.
    expect(fetch).not.toHaveBeenCalledWith("http://localhost/policy.json", expect.anything());
    expect(within(pane).queryByRole("heading", { name: "Who this message reaches" })).not.toBeInTheDocument();
    expect(error).toHaveBeenCalledWith("Audience Guard: the task pane could not load what it needs to start.", expect.anything());
    error.mockRestore();
  });
});
