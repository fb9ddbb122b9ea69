/**
 * The host side of nested app authentication, played by the simulator: answers MSAL's bridge
 * requests (`GetInitContext`, `GetToken`, `GetTokenPopup`) the way Outlook does after signing the
 * user in, with an access token the simulator's fake Graph server requires and an unsigned ID
 * token whose claims describe the signed-in user. Request and response shapes: @azure/msal-browser
 * src/naa/BridgeRequestEnvelope.ts, BridgeResponseEnvelope.ts, TokenResponse.ts, AccountInfo.ts.
 */

export interface TokenServiceOptions {
  /** The bearer token the fake Graph server accepts. */
  accessToken: string;
  userEmail: string;
  userName: string;
  tenantId: string;
}

/** One token request as the simulator's event log shows it. */
export interface TokenGrant {
  method: string;
  clientId: string;
  scopes: string;
}

interface RequestEnvelope {
  messageType?: string;
  method?: string;
  requestId?: string;
  tokenParams?: { clientId?: string; scope?: string; correlationId?: string };
}

const ENVIRONMENT = "login.microsoftonline.com";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function base64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A deterministic object id for the user (the ID token's `oid`). */
function objectIdFor(email: string): string {
  let hash = 0x811c9dc5;
  for (const ch of email) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const hex = hash.toString(16).padStart(8, "0");
  return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
}

export class TokenService {
  readonly grants: TokenGrant[] = [];

  constructor(private readonly options: TokenServiceOptions) {}

  /** Answers one bridge request envelope (JSON text) with one response envelope (JSON text). */
  handle(envelopeJson: string): string {
    let request: RequestEnvelope;
    try {
      request = JSON.parse(envelopeJson) as RequestEnvelope;
    } catch {
      return JSON.stringify({ messageType: "NestedAppAuthResponse", requestId: "", success: false, error: { status: "PERSISTENT_ERROR", description: "not JSON" } });
    }
    const requestId = request.requestId ?? "";
    const fail = (status: string, code: string, description: string): string =>
      JSON.stringify({ messageType: "NestedAppAuthResponse", requestId, success: false, error: { status, code, description } });
    if (request.messageType !== "NestedAppAuthRequest") return fail("PERSISTENT_ERROR", "invalid_request", "messageType must be NestedAppAuthRequest");

    const { userEmail, userName, tenantId } = this.options;
    const oid = objectIdFor(userEmail);
    const homeAccountId = `${oid}.${tenantId}`;
    switch (request.method) {
      case "GetInitContext":
        return JSON.stringify({
          messageType: "NestedAppAuthResponse",
          requestId,
          success: true,
          initContext: {
            sdkName: "Audience Guard Outlook simulator",
            sdkVersion: "1.0.0",
            capabilities: { queryAccount: false },
            accountContext: { homeAccountId, environment: ENVIRONMENT, tenantId },
          },
        });
      case "GetToken":
      case "GetTokenPopup": {
        const params = request.tokenParams ?? {};
        const clientId = params.clientId ?? "";
        // Entra refuses a client id that is not a GUID; a registered app is assumed otherwise.
        if (!GUID.test(clientId)) return fail("PERSISTENT_ERROR", "invalid_client", `AADSTS700016: application ${JSON.stringify(clientId)} was not found`);
        const scope = params.scope ?? "";
        this.grants.push({ method: request.method, clientId, scopes: scope });
        const now = Math.floor(Date.now() / 1000);
        const claims = {
          aud: clientId,
          iss: `https://${ENVIRONMENT}/${tenantId}/v2.0`,
          iat: now,
          nbf: now,
          exp: now + 3600,
          name: userName,
          oid,
          sub: oid,
          tid: tenantId,
          preferred_username: userEmail,
          ver: "2.0",
        };
        const idToken = `${base64Url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64Url(JSON.stringify(claims))}.`;
        return JSON.stringify({
          messageType: "NestedAppAuthResponse",
          requestId,
          success: true,
          token: { access_token: this.options.accessToken, expires_in: 3600, id_token: idToken, properties: null, scope },
          account: { homeAccountId, environment: ENVIRONMENT, tenantId, username: userEmail, localAccountId: oid, name: userName },
        });
      }
      case undefined:
      default:
        return fail("PERSISTENT_ERROR", "unsupported_method", `unknown bridge method ${String(request.method)}`);
    }
  }
}
