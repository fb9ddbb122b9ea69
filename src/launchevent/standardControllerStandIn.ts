/**
 * Stands in for MSAL's `StandardController` (@azure/msal-browser dist/controllers/StandardController.mjs)
 * in the launch-event bundle only; webpack.config.js puts it in place.
 *
 * `createNestablePublicClientApplication` falls back to the standard controller when the host offers
 * no nested app authentication. That controller signs in with pop-ups, redirects and hidden frames,
 * none of which an event handler may use (dialogs are blocked there; classic Outlook's runtime has no
 * DOM), and it is about a fifth of the script. The handlers never reach it — createTokenProvider
 * gives no token provider where `NestedAppAuth` 1.1 is missing — and if they did, constructing it
 * throws, so the token request fails and the lists count as unknown, as without a directory.
 */
export class StandardController {
  constructor() {
    throw new Error("Sign-in without nested app authentication is not available in event handlers.");
  }
}
