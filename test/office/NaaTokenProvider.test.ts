import { isGuardError } from "../../src/core/errors";
import { NAA_AUTHORITY, NaaTokenProvider, createTokenProvider, type NestablePublicClient } from "../../src/office/NaaTokenProvider";
import { createFakeOffice } from "./fakeOffice";

const SCOPES = ["https://graph.microsoft.com/Mail.Read"];

function fakeClient(silent: () => Promise<{ accessToken: string }>, popup: () => Promise<{ accessToken: string }> = () => Promise.resolve({ accessToken: "popup-token" })) {
  const calls: string[] = [];
  const client: NestablePublicClient = {
    acquireTokenSilent: (request) => {
      calls.push(`silent:${request.scopes.join(" ")}`);
      return silent();
    },
    acquireTokenPopup: (request) => {
      calls.push(`popup:${request.scopes.join(" ")}`);
      return popup();
    },
  };
  const configurations: unknown[] = [];
  const createClient = jest.fn((configuration: unknown) => {
    configurations.push(configuration);
    return Promise.resolve(client);
  });
  return { calls, createClient, configurations };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("NaaTokenProvider", () => {
  it("creates the nestable client lazily, once, with the common authority, and gets tokens silently", async () => {
    const fake = fakeClient(() => Promise.resolve({ accessToken: "silent-token" }));
    const provider = new NaaTokenProvider({ clientId: "00000000-0000-0000-0000-000000000001", interactive: false, createClient: fake.createClient });
    expect(fake.createClient).not.toHaveBeenCalled();
    expect(await provider.getToken(SCOPES)).toBe("silent-token");
    expect(await provider.getToken(SCOPES)).toBe("silent-token");
    expect(fake.createClient).toHaveBeenCalledTimes(1);
    expect(fake.configurations[0]).toEqual({ auth: { clientId: "00000000-0000-0000-0000-000000000001", authority: NAA_AUTHORITY } });
    expect(fake.calls).toEqual([`silent:${SCOPES[0]}`, `silent:${SCOPES[0]}`]);
  });

  it("never shows UI in an event handler: a silent failure is token_unavailable with the MSAL error as cause", async () => {
    const cause = new Error("interaction_required");
    const fake = fakeClient(() => Promise.reject(cause));
    const provider = new NaaTokenProvider({ clientId: "c", interactive: false, createClient: fake.createClient });
    const error = await failure(provider.getToken(SCOPES));
    expect(isGuardError(error) && error.code).toBe("token_unavailable");
    expect((error as Error).cause).toBe(cause);
    expect(fake.calls.some((c) => c.startsWith("popup"))).toBe(false);
  });

  it("falls back to a popup in the task pane", async () => {
    const fake = fakeClient(() => Promise.reject(new Error("interaction_required")));
    const provider = new NaaTokenProvider({ clientId: "c", interactive: true, createClient: fake.createClient });
    expect(await provider.getToken(SCOPES)).toBe("popup-token");
  });

  it("is token_unavailable when the popup fails too", async () => {
    const fake = fakeClient(
      () => Promise.reject(new Error("interaction_required")),
      () => Promise.reject(new Error("user_cancelled")),
    );
    const provider = new NaaTokenProvider({ clientId: "c", interactive: true, createClient: fake.createClient });
    expect(await failure(provider.getToken(SCOPES))).toMatchObject({ code: "token_unavailable" });
  });

  it("tries to create the client again after a failed creation", async () => {
    const client: NestablePublicClient = {
      acquireTokenSilent: () => Promise.resolve({ accessToken: "t" }),
      acquireTokenPopup: () => Promise.reject(new Error("not in handlers")),
    };
    const createClient = jest.fn<Promise<NestablePublicClient>, [unknown]>().mockRejectedValueOnce(new Error("bridge unavailable")).mockResolvedValue(client);
    const provider = new NaaTokenProvider({ clientId: "c", interactive: false, createClient });
    expect(await failure(provider.getToken(SCOPES))).toMatchObject({ code: "token_unavailable" });
    expect(await provider.getToken(SCOPES)).toBe("t");
    expect(createClient).toHaveBeenCalledTimes(2);
  });

  it("is token_unavailable when the call is cancelled", async () => {
    const fake = fakeClient(() => new Promise(() => undefined));
    const provider = new NaaTokenProvider({ clientId: "c", interactive: false, createClient: fake.createClient });
    const controller = new AbortController();
    const pending = failure(provider.getToken(SCOPES, { signal: controller.signal }));
    controller.abort();
    expect(await pending).toMatchObject({ code: "token_unavailable" });
  });
});

describe("createTokenProvider", () => {
  it("gives no provider without a client id or without nested app authentication", () => {
    expect(createTokenProvider({ office: createFakeOffice({ nestedAppAuth: true }).office, clientId: null, interactive: false })).toBeUndefined();
    expect(createTokenProvider({ office: createFakeOffice({ nestedAppAuth: true }).office, clientId: "  ", interactive: false })).toBeUndefined();
    expect(createTokenProvider({ office: createFakeOffice({ nestedAppAuth: false }).office, clientId: "c", interactive: false })).toBeUndefined();
  });

  it("gives a NaaTokenProvider when both are there", () => {
    expect(createTokenProvider({ office: createFakeOffice({ nestedAppAuth: true }).office, clientId: "c", interactive: false })).toBeInstanceOf(NaaTokenProvider);
  });
});
