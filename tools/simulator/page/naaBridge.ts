/**
 * `window.nestedAppAuthBridge`: the object through which MSAL's nested app authentication
 * (`createNestablePublicClientApplication`, @azure/msal-browser src/naa/BridgeProxy.ts) asks the host
 * for tokens. In Outlook, office.js installs it and the host signs the user in; here the page's
 * messages go to the compose page, which plays the host and Entra (see tokenService.ts).
 *
 * Protocol (msal-browser src/naa/*.ts): MSAL calls `addEventListener("message", cb)` once, then
 * `postMessage(JSON.stringify(BridgeRequestEnvelope))`; the host answers each request with one
 * message `JSON.stringify(BridgeResponseEnvelope)` carrying the same `requestId`.
 */

type BridgeListener = (response: string | { data: string }) => void;

/** The shape MSAL expects (msal-browser src/naa/AuthBridge.ts). */
export interface AuthBridge {
  addEventListener(eventName: string, callback: BridgeListener): void;
  postMessage(message: string): void;
  removeEventListener(eventName: string, callback: BridgeListener): void;
}

export function installNaaBridge(target: Window, send: (envelopeJson: string) => Promise<string>): void {
  const listeners = new Set<BridgeListener>();
  const bridge: AuthBridge = {
    addEventListener(eventName, callback) {
      if (eventName === "message") listeners.add(callback);
    },
    removeEventListener(eventName, callback) {
      if (eventName === "message") listeners.delete(callback);
    },
    postMessage(message) {
      void send(message).then((response) => {
        for (const listener of [...listeners]) listener(response);
      });
    },
  };
  (target as unknown as { nestedAppAuthBridge: AuthBridge }).nestedAppAuthBridge = bridge;
}
