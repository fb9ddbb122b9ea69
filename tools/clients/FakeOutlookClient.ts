import { webcrypto } from "node:crypto";
import { createContext, runInContext } from "node:vm";
import { TokenService } from "../simulator/page/tokenService";
import type { HarnessNetwork } from "./HarnessNetwork";
import { profileSupports, sessionDataLimitOf, type ClientProfile } from "./profiles";

/**
 * One Outlook client, as a profile (profiles.ts) describes it, running the BUILT launch-event script
 * (dist/launchevent.js) in a bare JavaScript realm (node:vm): no DOM, no `localStorage`, no
 * `document`; the web APIs the event runtimes provide — `fetch` (the harness network), timers,
 * `console`, `AbortController`, `URL`, `TextEncoder`, `atob`, `crypto` — and a fake Office.js that answers as
 * the client does: its Mailbox sets, its recipients per read, its `recipientType`s, its compose type
 * for replies, its `item.sessionData` limit, `OfficeRuntime.storage` where it has one, and nested app
 * authentication through `nestedAppAuthBridge` (what office.js installs for MSAL) where it has it.
 *
 * Classic Outlook starts a fresh realm for every event and ends it when `event.completed` is called
 * (office-js-docs-pr: testing/runtimes.md): a storage write still pending then is lost, and nothing
 * in memory survives. The other clients keep one realm per compose window.
 *
 * `AbortController`, `URL`, `TextEncoder`, `atob` and `crypto` are not listed for the JavaScript-only runtime
 * in testing/runtimes.md; Microsoft's own sample that runs MSAL's nested app authentication in an
 * event handler on classic Outlook (OfficeDev/Office-Add-in-samples Outlook-Event-SSO-NAA) relies on
 * them, so the classic profile has them too. `omitGlobals` takes any of them away.
 */

/** One recipient as Office's `EmailAddressDetails`. */
export interface RecipientDetails {
  emailAddress: string;
  displayName: string;
  recipientType: string;
}

/** The message in the compose window. */
export interface ComposeMessage {
  from: string;
  to: RecipientDetails[];
  cc?: RecipientDetails[];
  bcc?: RecipientDetails[];
  /** What the person is doing; how the client reports it depends on the profile. */
  kind: "new" | "reply" | "forward";
  /** The answered message's Internet message id (replies). */
  inReplyTo?: string;
}

/** What `event.completed` received. */
export type Completion = Record<string, unknown> | undefined;

export interface FiredEvent {
  /** Every `event.completed` call: exactly one is right. */
  completions: Completion[];
  /** The first completion. */
  completion: Completion;
  /** Milliseconds from firing the event to its first completion (wall clock). */
  elapsedMs: number;
  logs: string[];
}

export interface FakeOutlookClientOptions {
  profile: ClientProfile;
  /** The built script's text. */
  script: string;
  network: HarnessNetwork;
  /** The add-in's origin, e.g. "https://addins.example.org" (for `location` in browser runtimes). */
  addinOrigin: string;
  /** The signed-in user. */
  user: { email: string; name: string };
  /** The bearer token nested app authentication hands out (the fake Graph server requires it). */
  accessToken: string;
  /** Globals to leave out of the realm, e.g. ["AbortController"]. */
  omitGlobals?: string[];
  /** Office.js members to leave out, e.g. ["MailboxEnums"]. */
  omitOffice?: string[];
  /** Longest wait for a completion, ms, before the event counts as hung. @default 10000 */
  hangAfterMs?: number;
}

const SUCCEEDED = "succeeded";
const FAILED = "failed";

export class FakeOutlookClient {
  readonly profile: ClientProfile;
  /** `OfficeRuntime.storage` of this client: it outlives every realm. */
  readonly storage = new Map<string, string>();
  /** `item.sessionData` of the open compose window. */
  readonly sessionData = new Map<string, string>();
  private readonly options: FakeOutlookClientOptions;
  private message: ComposeMessage = { from: "", to: [], kind: "new" };
  private realm: { handlers: Map<string, (event: unknown) => void>; logs: string[]; alive: { value: boolean } } | undefined;
  private readonly tokens: TokenService;
  /** Realms created so far (a fresh one per event on classic). */
  realmsCreated = 0;

  constructor(options: FakeOutlookClientOptions) {
    this.options = options;
    this.profile = options.profile;
    this.tokens = new TokenService({ accessToken: options.accessToken, userEmail: options.user.email, userName: options.user.name, tenantId: "00000000-0000-4000-8000-000000000001" });
  }

  /** Opens a compose window with `message`: a new item, so `sessionData` starts empty. */
  compose(message: ComposeMessage): void {
    this.message = message;
    this.sessionData.clear();
    if (this.realm) this.realm.alive.value = false;
    this.realm = undefined;
  }

  /** Changes the recipients of the open item (sessionData stays). */
  setRecipients(change: Pick<ComposeMessage, "to" | "cc" | "bcc">): void {
    this.message = { ...this.message, ...change };
  }

  /** Raises OnMessageSend and resolves once it is answered (and a few turns later, to catch a second answer). */
  send(): Promise<FiredEvent> {
    return this.fire("onMessageSendHandler");
  }

  /** Raises OnMessageRecipientsChanged. */
  recipientsChanged(): Promise<FiredEvent> {
    return this.fire("onMessageRecipientsChangedHandler");
  }

  private async fire(name: string): Promise<FiredEvent> {
    if (!this.realm || this.profile.freshRuntimePerEvent) this.realm = this.createRealm();
    const realm = this.realm;
    const handler = realm.handlers.get(name);
    if (!handler) throw new Error(`the script did not register ${name}`);
    const completions: Completion[] = [];
    const started = performance.now();
    let elapsedMs = 0;
    await new Promise<void>((resolve, reject) => {
      const hang = setTimeout(() => reject(new Error(`${name} was never completed (${this.profile.id})`)), this.options.hangAfterMs ?? 10_000);
      handler({
        completed: (options?: Record<string, unknown>) => {
          completions.push(options === undefined ? undefined : (JSON.parse(JSON.stringify(options)) as Record<string, unknown>));
          if (completions.length === 1) {
            elapsedMs = performance.now() - started;
            // The JavaScript-only runtime ends here: nothing pending survives.
            if (this.profile.freshRuntimePerEvent) realm.alive.value = false;
            clearTimeout(hang);
            resolve();
          }
        },
      });
    });
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    return { completions, completion: completions[0], elapsedMs, logs: realm.logs.splice(0) };
  }

  private createRealm(): NonNullable<FakeOutlookClient["realm"]> {
    this.realmsCreated++;
    const alive = { value: true };
    const handlers = new Map<string, (event: unknown) => void>();
    const logs: string[] = [];
    const globals: Record<string, unknown> = {
      Office: this.office(alive, handlers),
      fetch: (input: unknown, init?: RequestInit) => {
        if (!alive.value) return new Promise(() => undefined);
        return this.options.network.fetch(input, init);
      },
      setTimeout: (callback: () => void, ms?: number) => setTimeout(() => alive.value && callback(), ms),
      clearTimeout: (handle: ReturnType<typeof setTimeout>) => clearTimeout(handle),
      setInterval,
      clearInterval,
      queueMicrotask,
      console: { log: (...a: unknown[]) => process.env["HARNESS_DEBUG"] && console.log("[realm]", ...a), info: () => undefined, warn: (line: string) => logs.push(String(line)), error: (line: string) => logs.push(String(line)) },
      AbortController,
      AbortSignal,
      DOMException,
      URL,
      TextEncoder,
      TextDecoder,
      atob,
      btoa,
      crypto: webcrypto,
    };
    if (this.profile.runtimeStorage) globals["OfficeRuntime"] = { storage: this.runtimeStorage(alive) };
    if (!this.profile.javascriptOnly) {
      globals["location"] = { href: `${this.options.addinOrigin}/launchevent.html`, origin: this.options.addinOrigin };
      globals["performance"] = performance;
      globals["navigator"] = { userAgent: `Mozilla/5.0 (harness; ${this.profile.id})` };
    }
    for (const name of this.options.omitGlobals ?? []) delete globals[name];
    const context = createContext(globals);
    // office.js gives every runtime a `window` (the global object) and, where the host supports
    // nested app authentication, the bridge MSAL talks to.
    runInContext("var window = globalThis; var self = globalThis;", context);
    if (this.profile.nestedAppAuth) (context as Record<string, unknown>)["nestedAppAuthBridge"] = this.bridge(alive);
    runInContext(this.options.script, context, { filename: "launchevent.js" });
    return { handlers, logs, alive };
  }

  private bridge(alive: { value: boolean }): unknown {
    const listeners = new Set<(response: string) => void>();
    return {
      addEventListener: (event: string, callback: (response: string) => void) => event === "message" && listeners.add(callback),
      removeEventListener: (event: string, callback: (response: string) => void) => event === "message" && listeners.delete(callback),
      postMessage: (message: string) => {
        if (process.env["HARNESS_DEBUG"]) console.log("[bridge]", message.slice(0, 200));
        const response = this.tokens.handle(message);
        setTimeout(() => {
          if (!alive.value) return;
          for (const listener of [...listeners]) listener(response);
        }, 0);
      },
    };
  }

  private runtimeStorage(alive: { value: boolean }): unknown {
    const later = <T>(work: () => T): Promise<T> =>
      new Promise((resolve, reject) =>
        setTimeout(() => {
          if (!alive.value) return; // the runtime ended: the call never finishes
          try {
            resolve(work());
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        }, 0),
      );
    return {
      getItem: (key: string) => later(() => this.storage.get(key) ?? null),
      setItem: (key: string, value: string) => later(() => void this.storage.set(key, value)),
      removeItem: (key: string) => later(() => void this.storage.delete(key)),
    };
  }

  private office(alive: { value: boolean }, handlers: Map<string, (event: unknown) => void>): unknown {
    const profile = this.profile;
    const answer = <T>(callback: ((result: unknown) => void) | undefined, work: () => T): void => {
      setTimeout(() => {
        if (!alive.value || !callback) return;
        try {
          callback({ status: SUCCEEDED, value: work() });
        } catch (error) {
          callback({ status: FAILED, value: undefined, error: { name: "GenericResponseError", message: String(error), code: 9020 } });
        }
      }, 0);
    };
    const recipients = (field: "to" | "cc" | "bcc") => ({
      getAsync: (callback: (result: unknown) => void) => answer(callback, () => (this.message[field] ?? []).slice(0, profile.recipientsPerRead).map((r) => ({ ...r }))),
      setAsync: (list: RecipientDetails[], callback?: (result: unknown) => void) => answer(callback, () => void (this.message = { ...this.message, [field]: list })),
      addAsync: (list: RecipientDetails[], callback?: (result: unknown) => void) => answer(callback, () => void (this.message = { ...this.message, [field]: [...(this.message[field] ?? []), ...list] })),
    });
    const limit = sessionDataLimitOf(profile);
    const sessionData = {
      getAsync: (key: string, callback: (result: unknown) => void) => answer(callback, () => this.sessionData.get(key) ?? ""),
      setAsync: (key: string, value: string, callback?: (result: unknown) => void) =>
        answer(callback, () => {
          let total = 0;
          for (const [k, v] of this.sessionData) if (k !== key) total += k.length + v.length;
          if (total + key.length + value.length > limit) throw new Error("sessionData is full");
          this.sessionData.set(key, value);
        }),
    };
    const reported = (): string => {
      const kind = this.message.kind;
      if (kind === "reply") return profile.repliesReportedAsNewMail ? "newMail" : "reply";
      return kind === "forward" ? "forward" : "newMail";
    };
    const office: Record<string, unknown> = {
      context: {
        displayLanguage: "en-GB",
        diagnostics: { platform: profile.platform, hostName: profile.hostName },
        requirements: { isSetSupported: (name: string, version?: string) => profileSupports(profile, name, version) },
        mailbox: {
          diagnostics: { hostName: profile.hostName },
          userProfile: { emailAddress: this.message.from || this.options.user.email },
          get item() {
            return item;
          },
        },
      },
      AsyncResultStatus: { Succeeded: SUCCEEDED, Failed: FAILED },
      EventType: { RecipientsChanged: "olkRecipientsChanged" },
      MailboxEnums: { SendModeOverride: { PromptUser: "promptUser" } },
      actions: { associate: (name: string, fn: (event: unknown) => void) => handlers.set(name, fn) },
    };
    const message = (): ComposeMessage => this.message;
    const item = {
      to: recipients("to"),
      cc: recipients("cc"),
      bcc: recipients("bcc"),
      from: { getAsync: (callback: (result: unknown) => void) => answer(callback, () => ({ emailAddress: message().from, displayName: "", recipientType: "user" })) },
      getComposeTypeAsync: (callback: (result: unknown) => void) => answer(callback, () => ({ composeType: reported(), coercionType: "html" })),
      get inReplyTo(): string | null {
        return message().inReplyTo ?? null;
      },
      sessionData,
      getInitializationContextAsync: (callback: (result: unknown) => void) => answer(callback, () => ""),
      addHandlerAsync: (_type: unknown, _handler: unknown, callback?: (result: unknown) => void) => answer(callback, () => undefined),
      removeHandlerAsync: (_type: unknown, callback?: (result: unknown) => void) => answer(callback, () => undefined),
    };
    for (const name of this.options.omitOffice ?? []) delete office[name];
    return office;
  }
}
