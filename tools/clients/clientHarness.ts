import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startFakeGraph, type FakeGraphServer } from "../fake-graph/FakeGraphServer";
import type { DirectorySpec } from "../fake-graph/types";
import { launchEventRuntime } from "../manifest/manifestChecks";
import { FakeOutlookClient, type ComposeMessage, type FakeOutlookClientOptions, type RecipientDetails } from "./FakeOutlookClient";
import { HarnessNetwork, type NetworkShape } from "./HarnessNetwork";
import { type ClientProfile, type RecipientKind } from "./profiles";

/**
 * The client harness: the built add-in (dist/), a fake Graph tenant on loopback behind the harness
 * network, and Outlook clients per profile that run the built launch-event script. Shared by
 * test/clients (verdicts per profile) and tools/bench (bytes and time per profile).
 */

/** The harness tenant's domain. */
export const DOMAIN = "contoso.com";
/** The bearer token nested app authentication hands out and the fake Graph server requires. */
export const ACCESS_TOKEN = "harness-access-token";
/** The Entra app the policy names (any GUID: the fake host accepts registered-looking ids). */
export const CLIENT_ID = "8f7e6d5c-4b3a-4a29-8f1e-0d9c8b7a6f5e";
export const SENDER = `megan@${DOMAIN}`;

/** The lists of the tenant: a kind (how clients type it) and its size. */
export const LISTS = {
  allStaff: { address: `all.staff@${DOMAIN}`, name: "All staff", kind: "distributionList", people: 5000 },
  project: { address: `project@${DOMAIN}`, name: "Project team", kind: "microsoft365Group", people: 300 },
  dynamic: { address: `managers@${DOMAIN}`, name: "Managers (dynamic)", kind: "dynamicList", people: 250 },
  ward: { address: `ward7@${DOMAIN}`, name: "Ward 7", kind: "distributionList", people: 12 },
  partners: { address: `partners@${DOMAIN}`, name: "Partners", kind: "distributionList", people: 5 },
} as const satisfies Record<string, { address: string; name: string; kind: RecipientKind; people: number }>;

/** Guests of the tenant in the Partners list, under a second-level public suffix (`co.jp`). */
export const PARTNER_GUESTS = ["kenji@partner.co.jp", "aiko@partner.co.jp"] as const;
/** Mail contacts in the Partners list: under a private suffix (`github.io`) and an IDN TLD (`рф`). */
export const PARTNER_CONTACTS = ["dev@someone.github.io", "info@xn--e1afmkfd.xn--p1ai"] as const;

/** The harness tenant: the lists above, over generated people and the partners. */
export function harnessDirectory(): DirectorySpec {
  return {
    tenantDomains: [DOMAIN],
    users: [{ mail: SENDER }, { mail: `boss@${DOMAIN}` }, { mail: `adele@${DOMAIN}` }, { mail: `lee@${DOMAIN}` }, ...PARTNER_GUESTS.map((mail) => ({ mail, guest: true }))],
    contacts: PARTNER_CONTACTS.map((mail) => ({ mail })),
    groups: [
      { mail: LISTS.allStaff.address, displayName: LISTS.allStaff.name, generate: [{ pattern: `staff{n}@${DOMAIN}`, from: 1, count: LISTS.allStaff.people }] },
      { mail: LISTS.project.address, displayName: LISTS.project.name, generate: [{ pattern: `staff{n}@${DOMAIN}`, from: 1, count: LISTS.project.people }] },
      { mail: LISTS.dynamic.address, displayName: LISTS.dynamic.name, dynamic: true, mailTips: { totalMemberCount: LISTS.dynamic.people, externalMemberCount: 0 } },
      { mail: LISTS.ward.address, displayName: LISTS.ward.name, generate: [{ pattern: `staff{n}@${DOMAIN}`, from: 1, count: LISTS.ward.people }] },
      { mail: LISTS.partners.address, displayName: LISTS.partners.name, members: [`adele@${DOMAIN}`, ...PARTNER_GUESTS, ...PARTNER_CONTACTS] },
    ],
  };
}

/** The organisation's policy.json: its own domain, personal webmail blocked, the Entra app for Graph. */
export function harnessPolicy(): Record<string, unknown> {
  return { version: 1, internalDomains: [DOMAIN], blockedDomains: ["gmail.com"], directory: { clientId: CLIENT_ID } };
}

export interface ClientHarness {
  readonly origin: string;
  readonly network: HarnessNetwork;
  readonly graph: FakeGraphServer;
  /** The built script's size, bytes (not counted in `network`: the client caches it). */
  readonly scriptBytes: number;
  /** An Outlook client of `profile` with its own storage. */
  client(profile: ClientProfile, options?: Partial<Pick<FakeOutlookClientOptions, "omitGlobals" | "omitOffice">>): FakeOutlookClient;
  close(): Promise<void>;
}

export interface ClientHarnessOptions {
  /** The built add-in. @default <repository>/dist */
  distDir?: string;
  /** policy.json's text. @default harnessPolicy() */
  policyText?: string;
  shape?: NetworkShape;
}

/** The built domain-data files by their path below the origin: domain-data.json and everything in domain-data/. */
export function domainDataFiles(dist: string): Record<string, string> {
  const files: Record<string, string> = { "domain-data.json": readFileSync(join(dist, "domain-data.json"), "utf8") };
  for (const name of readdirSync(join(dist, "domain-data"))) files[`domain-data/${name}`] = readFileSync(join(dist, "domain-data", name), "utf8");
  return files;
}

/** Starts the fake Graph server and reads the built files. */
export async function startClientHarness(options: ClientHarnessOptions = {}): Promise<ClientHarness> {
  const dist = options.distDir ?? join(__dirname, "..", "..", "dist");
  const read = (file: string): string => readFileSync(join(dist, file), "utf8");
  const script = read("launchevent.js");
  const scriptUrl = launchEventRuntime(read("manifest.xml"))?.scriptUrl ?? "https://localhost:3000/launchevent.js";
  const origin = new URL(scriptUrl).origin;
  const graph = await startFakeGraph({ directory: harnessDirectory(), token: ACCESS_TOKEN });
  const network = new HarnessNetwork({
    addinOrigin: origin,
    files: { ...domainDataFiles(dist), "policy.json": options.policyText ?? JSON.stringify(harnessPolicy()) },
    graphUrl: graph.url,
    ...(options.shape ? { shape: options.shape } : {}),
  });
  return {
    origin,
    network,
    graph,
    scriptBytes: Buffer.byteLength(script),
    client: (profile, extra = {}) =>
      new FakeOutlookClient({ profile, script, network, addinOrigin: origin, user: { email: SENDER, name: "Megan Bowen" }, accessToken: ACCESS_TOKEN, ...extra }),
    close: () => graph.close(),
  };
}

/** A recipient as `profile` types it. */
export function recipient(profile: ClientProfile, address: string, kind: RecipientKind, displayName = ""): RecipientDetails {
  return { emailAddress: address, displayName, recipientType: profile.recipientTypes[kind] };
}

/** A list of the tenant as `profile` types it. */
export function listRecipient(profile: ClientProfile, list: (typeof LISTS)[keyof typeof LISTS]): RecipientDetails {
  return recipient(profile, list.address, list.kind, list.name);
}

/** `count` people of the tenant, typed as persons. */
export function people(profile: ClientProfile, count: number): RecipientDetails[] {
  return Array.from({ length: count }, (_, i) => recipient(profile, `staff${i + 1}@${DOMAIN}`, "person"));
}

/** A message from the sender. */
export function message(kind: ComposeMessage["kind"], to: RecipientDetails[], extra: Partial<ComposeMessage> = {}): ComposeMessage {
  return { from: SENDER, kind, to, ...(kind === "reply" ? { inReplyTo: "<original@contoso.com>" } : {}), ...extra };
}
