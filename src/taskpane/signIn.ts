/** Interactive sign-in for the directory, started by the pane's "Sign in" button. */
import { createGuardError } from "../core/errors";
import type { TokenProvider } from "../directory/Directory";
import { DEFAULT_GRAPH_SCOPES } from "../directory/GraphDirectory";

/**
 * Asks for each Graph permission in turn with an interactive token provider (NAA: the host shows the
 * consent or sign-in UI), so that the silent requests of later checks succeed. One at a time, as the
 * directory asks for them: `GroupMember.Read.All` may need an administrator, and that must not stop
 * the person from granting `Mail.Read`. Resolves when at least one was granted; otherwise rejects
 * with `token_unavailable`, the last failure as `cause`.
 */
export async function signIn(tokenProvider: TokenProvider, scopeSets: readonly (readonly string[])[] = [DEFAULT_GRAPH_SCOPES.mailTips, DEFAULT_GRAPH_SCOPES.groups]): Promise<void> {
  let granted = 0;
  let lastError: unknown;
  for (const scopes of scopeSets) {
    try {
      await tokenProvider.getToken(scopes);
      granted += 1;
    } catch (error) {
      lastError = error;
    }
  }
  if (granted === 0) throw createGuardError("token_unavailable", { message: "Interactive sign-in gave no token.", cause: lastError });
}
