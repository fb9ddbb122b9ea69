/**
 * MSAL (≈ 330 KB minified) in a chunk of its own: the task pane's entry starts this download at once
 * and renders without parsing it first. A module of its own so that jest, which runs CommonJS and has
 * no dynamic `import()`, can stand in for it (test/taskpane/index.test.tsx); webpack resolves the
 * `.js` to the TypeScript source (`resolve.extensionAlias`).
 */
import type * as NaaTokenProvider from "../office/NaaTokenProvider";

export type TokenProviders = typeof NaaTokenProvider;

export function loadTokenProviders(): Promise<TokenProviders> {
  return import(/* webpackChunkName: "msal" */ "../office/NaaTokenProvider.js");
}
