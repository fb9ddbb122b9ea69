import { createNestablePublicClientApplication } from "@azure/msal-browser";
import type { Configuration } from "@azure/msal-browser";
import { createGuardError, type GuardError } from "../core/errors";
import type { TokenProvider } from "../directory/Directory";
import { raceAbort } from "../directory/abort";
import type { OfficeApi } from "./OfficeApi";
import { supportsNestedAppAuth } from "./requirements";

/**
 * Microsoft Graph tokens through nested app authentication (NAA): MSAL asks the Office host, which
 * holds the user's session, so no sign-in page is needed (office-js-docs-pr:
 * develop/enable-nested-app-authentication-in-your-add-in.md). The Entra app registration needs the
 * SPA redirect URI `brk-multihub://<add-in origin>`.
 */

/** Multi-tenant authority: the host's account decides the tenant. */
export const NAA_AUTHORITY = "https://login.microsoftonline.com/common";

/** The members of MSAL's public client application used here (a fake implements them in tests). */
export interface NestablePublicClient {
  acquireTokenSilent(request: { scopes: string[] }): Promise<{ accessToken: string }>;
  acquireTokenPopup(request: { scopes: string[] }): Promise<{ accessToken: string }>;
}

export interface NaaTokenProviderOptions {
  /** The Entra application (client) id (policy `directory.clientId`). */
  clientId: string;
  /**
   * Whether a silent failure may fall back to `acquireTokenPopup`. Only the task pane may say true:
   * event handlers must never show UI (dialogs are blocked there).
   */
  interactive: boolean;
  /** @default NAA_AUTHORITY */
  authority?: string;
  /** Creates the client once, on first use. @default MSAL's `createNestablePublicClientApplication` */
  createClient?: (configuration: Configuration) => Promise<NestablePublicClient>;
}

/**
 * A TokenProvider on MSAL's nestable public client application. The client is created lazily on the
 * first `getToken` and reused; a failed creation is retried on the next call.
 */
export class NaaTokenProvider implements TokenProvider {
  private readonly configuration: Configuration;
  private readonly interactive: boolean;
  private readonly createClient: (configuration: Configuration) => Promise<NestablePublicClient>;
  private client: Promise<NestablePublicClient> | undefined;

  constructor(options: NaaTokenProviderOptions) {
    this.configuration = { auth: { clientId: options.clientId, authority: options.authority ?? NAA_AUTHORITY } };
    this.interactive = options.interactive;
    this.createClient = options.createClient ?? createNestablePublicClientApplication;
  }

  /**
   * A token for `scopes` (fully qualified, e.g. "https://graph.microsoft.com/Mail.Read"):
   * `acquireTokenSilent`, then — only when constructed `interactive` — `acquireTokenPopup`.
   * Rejects with `token_unavailable` (the MSAL error as `cause`) when neither gives a token, or when
   * `signal` fires first.
   */
  async getToken(scopes: readonly string[], options: { signal?: AbortSignal } = {}): Promise<string> {
    const { signal } = options;
    const request = { scopes: scopes.slice() };
    try {
      const client = await raceAbort(this.clientOnce(), signal);
      try {
        return readToken(await raceAbort(client.acquireTokenSilent(request), signal));
      } catch (silentError) {
        if (!this.interactive || signal?.aborted) throw silentError;
        return readToken(await raceAbort(client.acquireTokenPopup(request), signal));
      }
    } catch (error) {
      throw unavailable(error, this.interactive ? "interactive" : "silent");
    }
  }

  private clientOnce(): Promise<NestablePublicClient> {
    if (!this.client) {
      const created = this.createClient(this.configuration);
      this.client = created;
      created.catch(() => {
        if (this.client === created) this.client = undefined;
      });
    }
    return this.client;
  }
}

function readToken(result: { accessToken?: unknown }): string {
  if (typeof result.accessToken !== "string" || result.accessToken === "") throw new Error("MSAL returned no access token.");
  return result.accessToken;
}

function unavailable(cause: unknown, mode: string): GuardError {
  return createGuardError("token_unavailable", { message: "Nested app authentication gave no token.", details: { mode }, cause });
}

export interface CreateTokenProviderOptions {
  office: Pick<OfficeApi, "context">;
  /** The policy's `directory.clientId`; `null` or empty = not configured. */
  clientId: string | null | undefined;
  /** True only in the task pane (see NaaTokenProviderOptions.interactive). */
  interactive: boolean;
  /** Passed through to NaaTokenProvider (tests). */
  createClient?: NaaTokenProviderOptions["createClient"];
}

/**
 * A TokenProvider for Microsoft Graph, or `undefined` when there cannot be one: no client id in the
 * policy, or a host without nested app authentication (`NestedAppAuth` 1.1). Without one the
 * directory is absent, every list is unknown, and the message says so.
 */
export function createTokenProvider(options: CreateTokenProviderOptions): TokenProvider | undefined {
  const clientId = options.clientId?.trim();
  if (!clientId || !supportsNestedAppAuth(options.office)) return undefined;
  return new NaaTokenProvider({ clientId, interactive: options.interactive, ...(options.createClient ? { createClient: options.createClient } : {}) });
}
