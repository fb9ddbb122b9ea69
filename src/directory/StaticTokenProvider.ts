import { createGuardError } from "../core/errors";
import type { TokenProvider } from "./Directory";

/**
 * A TokenProvider that hands out one fixed token whatever the scopes: for the `guard` CLI against
 * the fake Graph server, and for tests. Never use it with a real tenant's token in shipped code.
 */
export class StaticTokenProvider implements TokenProvider {
  private readonly token: string;
  /** Scope lists asked for, in order (for tests asserting which permissions were requested). */
  readonly requests: (readonly string[])[] = [];

  /** @param token the bearer token to return; an empty token makes every call reject with `token_unavailable`. */
  constructor(token: string) {
    this.token = token;
  }

  /** Resolves to the fixed token. Rejects with `token_unavailable` when the token is empty or `signal` has fired. */
  getToken(scopes: readonly string[], options: { signal?: AbortSignal } = {}): Promise<string> {
    this.requests.push(scopes.slice());
    if (options.signal?.aborted) {
      return Promise.reject(createGuardError("token_unavailable", { message: "The call was cancelled.", cause: options.signal.reason }));
    }
    if (this.token === "") return Promise.reject(createGuardError("token_unavailable", { message: "No token configured." }));
    return Promise.resolve(this.token);
  }
}
