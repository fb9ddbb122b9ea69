import { validatePolicy } from "../../src/core/policy";
import { bucketOf, pslBucketPath } from "../../src/office/domainData/domainDataFile";
import { runScenario } from "../../tools/cli/runScenario";
import { ensureBuilt } from "../../tools/simulator/ensureBuilt";
import { LISTS, PARTNER_CONTACTS, PARTNER_GUESTS, SENDER, harnessDirectory, harnessPolicy, listRecipient, message, people, recipient, startClientHarness, type ClientHarness } from "../../tools/clients/clientHarness";
import type { ComposeMessage } from "../../tools/clients/FakeOutlookClient";
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

/** A policy that trusts the partner's domain, for the messages that span several TLDs. */
const PARTNER_POLICY = { ...harnessPolicy(), trustedDomains: ["partner.co.jp"] };

/**
 * To the Partners list (guests under co.jp, contacts under github.io and рф) and someone under
 * github.io; cc a .de address and a look-alike of contoso.com under the private suffix github.io.
 */
function multiTldMessage(profile: ClientProfile): ComposeMessage {
  return message("new", [listRecipient(profile, LISTS.partners), recipient(profile, "pages@other.github.io", "outsider")], {
    cc: [recipient(profile, "kontakt@beispiel.de", "outsider"), recipient(profile, "it@contoso.github.io", "outsider")],
  });
}

/** The parts of a verdict both the script and the CLI state in the same terms. */
function comparable(verdict: Record<string, unknown>): unknown {
  const v = verdict as unknown as Verdict & { audience: { external: unknown; externalDomains: unknown } };
  return { action: v.action, total: v.audience.total, external: v.audience.external, externalDomains: v.audience.externalDomains, reasons: v.reasons.map((r) => ({ ...r, message: undefined })) };
}

/**
 * multiTldMessage through the CLI's pipeline (the packages' own data, GraphDirectory on its own fake
 * tenant), the recipients typed as Office types them.
 */
async function cliVerdict(policy: Record<string, unknown>): Promise<unknown> {
  const validation = validatePolicy(policy);
  if (!validation.ok) throw new Error("the test's policy is invalid");
  const to = [
    { emailAddress: LISTS.partners.address, displayName: LISTS.partners.name, recipientType: "distributionList" as const },
    { emailAddress: "pages@other.github.io", displayName: "", recipientType: "externalUser" as const },
  ];
  const cc = [
    { emailAddress: "kontakt@beispiel.de", displayName: "", recipientType: "externalUser" as const },
    { emailAddress: "it@contoso.github.io", displayName: "", recipientType: "externalUser" as const },
  ];
  const json = await runScenario({ policy: validation.policy, message: { composeType: "new", from: SENDER, to, cc, bcc: [] }, directory: harnessDirectory() }, { locale: "en-GB" });
  return comparable(json);
}

/** Runs `body` with policy.json replaced by `policy`. */
async function withPolicy<T>(policy: Record<string, unknown>, body: () => Promise<T>): Promise<T> {
  const saved = harness.network.files["policy.json"] ?? "";
  harness.network.files["policy.json"] = JSON.stringify(policy);
  try {
    return await body();
  } finally {
    harness.network.files["policy.json"] = saved;
  }
}

/** The domain-data files fetched since the last reset, sorted. */
function dataFetched(): string[] {
  return harness.network.requests.map((r) => r.url.slice(harness.origin.length + 1)).filter((path) => path.startsWith("domain-data")).sort();
}

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

  // Without nested app authentication there is no directory, which the CLI always has.
  if (withDirectory) {
    it("judges a message whose recipients and list outsiders span several TLDs as the CLI does, fetching the buckets of those TLDs", async () => {
    const compose = multiTldMessage(profile);
    const fired = await withPolicy(PARTNER_POLICY, async () => {
      harness.network.reset();
      return sendFresh(compose);
    });
    const verdict = expectAction(fired, "warn");
    expect(codes(verdict)).toContain("lookalike-domain");
    expect(comparable(verdict as unknown as Record<string, unknown>)).toEqual(await cliVerdict(PARTNER_POLICY));
    expect(verdict.audience.lists.map((l) => l.source)).not.toContain("unknown");
    const buckets = ["com", "jp", "io", "xn--p1ai", "de"].map((tld) => pslBucketPath(bucketOf(tld)));
    expect(dataFetched()).toEqual([...new Set(["domain-data/confusables.json", ...buckets])].sort());
    });
  }

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

  it("fetches in a fresh runtime no bucket that an earlier runtime stored", async () => {
    const client = harness.client(classic);
    await withPolicy(PARTNER_POLICY, async () => {
      client.compose(multiTldMessage(classic));
      harness.network.reset();
      verdictOf(await client.send());
      const first = dataFetched();
      expect(first).toContain(pslBucketPath(bucketOf("jp")));
      // A new message, a new runtime: only the client's storage is kept.
      client.compose(message("new", [recipient(classic, PARTNER_GUESTS[0], "outsider"), recipient(classic, PARTNER_CONTACTS[1], "outsider"), recipient(classic, "x@y.jp", "outsider")]));
      harness.network.reset();
      verdictOf(await client.send());
      expect(dataFetched()).toEqual([]);
      expect(client.realmsCreated).toBe(2);
    });
  });

  it("applies the organisation's directoryFailure when the domain data cannot be loaded", async () => {
    const saved = { ...harness.network.files };
    try {
      for (const path of Object.keys(harness.network.files)) if (path.startsWith("domain-data")) delete harness.network.files[path];
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
