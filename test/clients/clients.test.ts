import { ensureBuilt } from "../../tools/simulator/ensureBuilt";
import { LISTS, listRecipient, message, people, recipient, startClientHarness, type ClientHarness } from "../../tools/clients/clientHarness";
import type { FiredEvent } from "../../tools/clients/FakeOutlookClient";
import { CLIENT_PROFILES, clientProfile, type ClientProfile } from "../../tools/clients/profiles";

/**
 * The BUILT launch-event script (dist/launchevent.js, built first if missing or stale) in a bare
 * realm per Outlook client profile, against the fake Graph server on loopback: real verdicts for a
 * matrix of messages, what a Send after a recipients change costs, and the one guard.
 */

jest.setTimeout(120_000);

let harness: ClientHarness;

beforeAll(async () => {
  await ensureBuilt({ log: () => undefined });
  harness = await startClientHarness();
}, 600_000);

afterAll(async () => {
  await harness?.close();
});

interface Verdict {
  action: string;
  audience: { total: { lower: number; upper: number | null }; lists: { address: string; source: string; asOf?: string }[] };
  reasons: { code: string }[];
}

/** The verdict a completion carries (contextData), or `allow` for `allowEvent: true`. */
function verdictOf(fired: FiredEvent): Verdict | "allow" {
  expect(fired.completions).toHaveLength(1);
  const completion = fired.completion ?? {};
  if (completion["allowEvent"] === true) return "allow";
  expect(typeof completion["contextData"]).toBe("string");
  return JSON.parse(String(completion["contextData"])) as Verdict;
}

function expectAction(fired: FiredEvent, action: "warn" | "block"): Verdict {
  const verdict = verdictOf(fired);
  if (verdict === "allow") throw new Error("allowed");
  expect(verdict.action).toBe(action);
  // Outlook's answer matches: Send Anyway on a warning, none on a block.
  expect(fired.completion?.["allowEvent"]).toBe(false);
  expect(fired.completion?.["sendModeOverride"]).toBe(action === "warn" ? "promptUser" : undefined);
  return verdict;
}

const codes = (verdict: Verdict): string[] => verdict.reasons.map((r) => r.code);

describe.each(CLIENT_PROFILES.map((profile) => [profile.id, profile] as [string, ClientProfile]))("the built script on %s", (_id, profile) => {
  const withDirectory = profile.nestedAppAuth;

  async function sendFresh(compose: Parameters<ReturnType<ClientHarness["client"]>["compose"]>[0]): Promise<FiredEvent> {
    const client = harness.client(profile);
    client.compose(compose);
    return client.send();
  }

  it("allows a small message to colleagues", async () => {
    expect(verdictOf(await sendFresh(message("new", [recipient(profile, "adele@contoso.com", "person"), recipient(profile, "lee@contoso.com", "person")])))).toBe("allow");
  });

  it("blocks a reply to All staff as a reply, even where the client reports it as a new message", async () => {
    const fired = await sendFresh(message("reply", [recipient(profile, "boss@contoso.com", "person"), listRecipient(profile, LISTS.allStaff)]));
    if (withDirectory) {
      const verdict = expectAction(fired, "block");
      expect(verdict.audience.total.lower).toBeGreaterThanOrEqual(LISTS.allStaff.people);
      expect(codes(verdict)).toContain("large-audience");
    } else {
      expect(codes(expectAction(fired, "warn"))).toContain("unknown-list");
    }
  });

  it("looks up a Microsoft 365 group however the client types it", async () => {
    const fired = await sendFresh(message("new", [listRecipient(profile, LISTS.project)]));
    if (withDirectory) expect(expectAction(fired, "warn").audience.total.lower).toBe(LISTS.project.people);
    else expect(codes(expectAction(fired, "warn"))).toContain("unknown-list");
  });

  it("sizes a dynamic list, typed as other, by its mail tips", async () => {
    const fired = await sendFresh(message("new", [listRecipient(profile, LISTS.dynamic)]));
    if (withDirectory) {
      const verdict = expectAction(fired, "warn");
      expect(verdict.audience.total.lower).toBe(LISTS.dynamic.people);
      expect(verdict.audience.lists[0]?.source).toBe("mailTips");
    } else expect(codes(expectAction(fired, "warn"))).toContain("unknown-list");
  });

  it("blocks personal webmail the policy blocks", async () => {
    expect(codes(expectAction(await sendFresh(message("new", [recipient(profile, "friend@gmail.com", "outsider")])), "block"))).toContain("blocked-domain");
  });

  it(`judges a field at the client's cap of ${profile.recipientsPerRead} recipients per read without allowing it`, async () => {
    const fired = await sendFresh(message("new", people(profile, profile.recipientsPerRead + 20)));
    const verdict = verdictOf(fired);
    expect(verdict).not.toBe("allow");
    if (verdict !== "allow") expect(verdict.audience.total.lower).toBe(profile.recipientsPerRead);
  });

  it("answers a Send after a recipients change without a single request, with the same verdict", async () => {
    const client = harness.client(profile);
    client.compose(message("reply", [recipient(profile, "boss@contoso.com", "person"), listRecipient(profile, LISTS.allStaff)]));
    expect((await client.recipientsChanged()).completions).toEqual([undefined]);
    harness.network.reset();
    const fired = await client.send();
    expect(harness.network.requests).toEqual([]);
    expectAction(fired, withDirectory ? "block" : "warn");
    if (profile.freshRuntimePerEvent) expect(client.realmsCreated).toBe(2);
  });
});

describe("the one guard, on classic Outlook's runtime", () => {
  const classic = clientProfile("classic");
  const allStaffReply = message("reply", [recipient(classic, "boss@contoso.com", "person"), listRecipient(classic, LISTS.allStaff)]);

  it("completes once, by the policy, in a runtime without AbortController: no hang, no silent allow", async () => {
    const client = harness.client(classic, { omitGlobals: ["AbortController"] });
    client.compose(allStaffReply);
    const fired = await client.send();
    expect(fired.completions).toHaveLength(1);
    expect(fired.completion).toMatchObject({ allowEvent: false, sendModeOverride: "promptUser" });
    expect(String(fired.completion?.["errorMessage"])).toContain("couldn't finish checking");
  });

  it("still checks with an Office.js that has no SendModeOverride enum", async () => {
    const client = harness.client(classic, { omitOffice: ["MailboxEnums"] });
    client.compose(allStaffReply);
    expectAction(await client.send(), "block");
  });

  it("applies the organisation's directoryFailure when the domain data cannot be loaded", async () => {
    const saved = { ...harness.network.files };
    try {
      delete harness.network.files["domain-data.json"];
      harness.network.files["policy.json"] = JSON.stringify({ version: 1, internalDomains: ["contoso.com"], directoryFailure: "block" });
      const client = harness.client(classic);
      client.compose(allStaffReply);
      const fired = await client.send();
      expect(fired.completions).toHaveLength(1);
      expect(fired.completion).toEqual({ allowEvent: false, errorMessage: expect.stringContaining("couldn't finish checking") as string });
      expect(fired.logs).toContain("[Audience Guard] domain_data_fetch_failed");
    } finally {
      Object.assign(harness.network.files, saved);
    }
  });

  it("answers by the policy kept from an earlier event when the check throws in a later runtime", async () => {
    const client = harness.client(classic);
    client.compose(message("new", [recipient(classic, "adele@contoso.com", "person")]));
    const saved = harness.network.files["policy.json"];
    harness.network.files["policy.json"] = JSON.stringify({ version: 1, internalDomains: ["contoso.com"], directoryFailure: "block" });
    try {
      expect(verdictOf(await client.send())).toBe("allow");
    } finally {
      harness.network.files["policy.json"] = saved ?? "";
    }
    // The next runtime keeps only the client's storage, and reading the item throws there.
    const broken = harness.client(classic, { omitOffice: ["context"] });
    for (const [key, value] of client.storage) broken.storage.set(key, value);
    broken.compose(allStaffReply);
    harness.network.reset();
    const fired = await broken.send();
    expect(harness.network.requests.map((r) => r.url)).not.toContain(`${harness.origin}/policy.json`);
    expect(fired.completions).toHaveLength(1);
    expect(fired.completion).toEqual({ allowEvent: false, errorMessage: expect.stringContaining("couldn't finish checking") as string });
  });
});

describe("the person's list sizes, kept across messages and restarts where the client keeps storage", () => {
  // Everything not fetched from the add-in's own origin goes to Microsoft Graph.
  const graphRequests = (): string[] => harness.network.requests.map((r) => r.url).filter((url) => !url.startsWith(`${harness.origin}/`));

  it("classic Outlook sizes a list once: a second message to it after a restart makes no Graph request and says when the size was learned", async () => {
    const classic = clientProfile("classic");
    const first = harness.client(classic);
    first.compose(message("new", [listRecipient(classic, LISTS.ward), listRecipient(classic, LISTS.allStaff)]));
    harness.network.reset();
    expect(expectAction(await first.send(), "warn").audience.lists.every((l) => l.asOf === undefined)).toBe(true);
    expect(graphRequests().length).toBeGreaterThan(0);

    // Outlook restarted: a new client process keeps only OfficeRuntime.storage.
    const restarted = harness.client(classic);
    for (const [key, value] of first.storage) restarted.storage.set(key, value);
    restarted.compose(message("new", [listRecipient(classic, LISTS.allStaff)], { cc: [listRecipient(classic, LISTS.ward)] }));
    harness.network.reset();
    const verdict = expectAction(await restarted.send(), "warn");
    expect(graphRequests()).toEqual([]);
    expect(verdict.audience.total.lower).toBeGreaterThanOrEqual(LISTS.allStaff.people);
    expect(verdict.audience.lists.map((l) => [l.address, l.source, typeof l.asOf])).toEqual([
      [LISTS.allStaff.address, "groupCounts", "string"],
      [LISTS.ward.address, "enumerated", "string"],
    ]);
  });

  it("a client without storage asks again after a restart", async () => {
    const web = clientProfile("web");
    const first = harness.client(web);
    first.compose(message("new", [listRecipient(web, LISTS.allStaff)]));
    expectAction(await first.send(), "warn");
    const restarted = harness.client(web);
    restarted.compose(message("new", [listRecipient(web, LISTS.allStaff)]));
    harness.network.reset();
    expectAction(await restarted.send(), "warn");
    expect(graphRequests().length).toBeGreaterThan(0);
  });
});
