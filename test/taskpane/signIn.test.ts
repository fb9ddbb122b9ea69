import { isGuardError } from "../../src/core/errors";
import type { TokenProvider } from "../../src/directory/Directory";
import { DEFAULT_GRAPH_SCOPES } from "../../src/directory/GraphDirectory";
import { signIn } from "../../src/taskpane/signIn";

function provider(grants: (scopes: readonly string[]) => boolean): TokenProvider & { asked: (readonly string[])[] } {
  const asked: (readonly string[])[] = [];
  return {
    asked,
    getToken: (scopes) => {
      asked.push(scopes);
      return grants(scopes) ? Promise.resolve("token") : Promise.reject(new Error("consent_required"));
    },
  };
}

describe("signIn", () => {
  it("asks for mail tips, then group counts, one at a time", async () => {
    const p = provider(() => true);
    await signIn(p);
    expect(p.asked).toEqual([DEFAULT_GRAPH_SCOPES.mailTips, DEFAULT_GRAPH_SCOPES.groups]);
  });

  it("succeeds when only the user-consentable permission is granted", async () => {
    await expect(signIn(provider((scopes) => scopes === DEFAULT_GRAPH_SCOPES.mailTips))).resolves.toBeUndefined();
  });

  it("fails with token_unavailable when nothing is granted, keeping the cause", async () => {
    const error: unknown = await signIn(provider(() => false)).catch((e: unknown) => e);
    expect(isGuardError(error) && error.code).toBe("token_unavailable");
    expect((error as Error).cause).toEqual(new Error("consent_required"));
  });
});
