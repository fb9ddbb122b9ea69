import { ConfidentialClientApplication, type Configuration } from "@azure/msal-node";
import { createGuardError } from "../../src/core/errors";
import type { TokenProvider } from "../../src/directory/Directory";

/**
 * App-only tokens for the index job (client credentials, OAuth 2.0 RFC 6749 §4.4) from MSAL for
 * Node. The job runs as its own Entra application with the *application* permission
 * `GroupMember.Read.All` (admin consent), so its requests draw on that application's throttling
 * budget, never on the add-in's. Client credentials always ask for `{resource}/.default`: the granted
 * application permissions, whatever scopes the caller names. MSAL caches the token in memory and
 * renews it before it expires.
 */
export type AppCredential =
  | { kind: "certificate"; privateKeyPem: string; thumbprintSha256: string; x5c?: string }
  | { kind: "secret"; secret: string };

export interface MsalAppTokenProviderOptions {
  tenantId: string;
  clientId: string;
  credential: AppCredential;
  /** @default "https://login.microsoftonline.com" (national clouds have their own) */
  authorityHost?: string;
  /** @default "https://graph.microsoft.com" */
  graphResource?: string;
}

export class MsalAppTokenProvider implements TokenProvider {
  private readonly app: ConfidentialClientApplication;
  private readonly scope: string;

  constructor(options: MsalAppTokenProviderOptions) {
    const auth: Configuration["auth"] = {
      clientId: options.clientId,
      authority: `${(options.authorityHost ?? "https://login.microsoftonline.com").replace(/\/+$/, "")}/${options.tenantId}`,
    };
    if (options.credential.kind === "secret") auth.clientSecret = options.credential.secret;
    else {
      auth.clientCertificate = {
        thumbprintSha256: options.credential.thumbprintSha256,
        privateKey: options.credential.privateKeyPem,
        ...(options.credential.x5c !== undefined ? { x5c: options.credential.x5c } : {}),
      };
    }
    this.app = new ConfidentialClientApplication({ auth });
    this.scope = `${(options.graphResource ?? "https://graph.microsoft.com").replace(/\/+$/, "")}/.default`;
  }

  /** Rejects with `token_unavailable` (MSAL's error as the cause) when no token can be had. */
  async getToken(_scopes: readonly string[], options: { signal?: AbortSignal } = {}): Promise<string> {
    if (options.signal?.aborted) throw createGuardError("token_unavailable", { message: "The call was cancelled.", cause: options.signal.reason });
    try {
      const result = await this.app.acquireTokenByClientCredential({ scopes: [this.scope] });
      if (result?.accessToken) return result.accessToken;
    } catch (error) {
      throw createGuardError("token_unavailable", { message: "The index job's application could not get a token.", cause: error });
    }
    throw createGuardError("token_unavailable", { message: "The identity platform returned no token." });
  }
}
