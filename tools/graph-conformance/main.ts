/**
 * `npm run test:graph`: holds the fake Graph server and the Graph adapter to Microsoft Graph's
 * published v1.0 metadata and documented rules, kept beside the project in ../shared/graph (or
 * GRAPH_METADATA_DIR). Not part of `npm test`, which needs nothing outside the repository.
 *
 * 1. What the fake serves: every property and enum value in its answers (groups, users, org
 *    contacts, mail tips, errors, batch parts) exists in the metadata with the right type.
 * 2. What the adapter sends: the URLs (and getMailTips bodies) the real GraphDirectory sends to
 *    the fake while it works through a set of scenarios name real segments, casts, properties and
 *    query options, and follow the documented advanced-query rules.
 * 3. Each documented rule of the metadata folder's README table has tests (rules.ts).
 *
 * Exit 0 when every check passes, 1 otherwise (each problem on stderr), 2 when the metadata is missing.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { GraphDirectory } from "../../src/directory/GraphDirectory";
import { StaticTokenProvider } from "../../src/directory/StaticTokenProvider";
import { startFakeGraph, type FakeGraphServer, type LoggedRequest } from "../fake-graph/FakeGraphServer";
import { DEFAULT_PROPERTIES, SELECTABLE, type ObjectType } from "../fake-graph/routeGraphRequest";
import type { DirectorySpec, NetworkSpec } from "../fake-graph/types";
import { loadScenario } from "../scenario/scenario";
import { checkCollection, checkError, checkObject } from "./checkJson";
import { checkRequest } from "./checkUrl";
import { findProperty, parseCsdl, type GraphModel } from "./csdl";
import { checkRuleCoverage } from "./rules";

const REPO_ROOT = resolve(__dirname, "..", "..");
const TOKEN = "conformance-token";

interface CheckResult {
  name: string;
  problems: string[];
}

/** A tenant with every kind of object the fake serves. */
const RICH_TENANT: DirectorySpec = {
  tenantDomains: ["contoso.com"],
  users: [
    { mail: "ann@contoso.com", displayName: "Ann" },
    { mail: "mu@gmail.com", userType: "Member" },
    { mail: "guest@fabrikam.com", guest: true },
  ],
  contacts: [{ mail: "partner@fabrikam.com", displayName: "Partner" }],
  groups: [
    { mail: "m365@contoso.com", type: "unified", aliases: ["team@contoso.com"], members: ["ann@contoso.com", "mu@gmail.com"] },
    { mail: "sec@contoso.com", type: "security", members: ["partner@fabrikam.com", "m365@contoso.com", "guest@fabrikam.com"] },
    {
      mail: "all@contoso.com",
      aliases: ["everyone@contoso.com"],
      members: ["sec@contoso.com", "dyn@contoso.com", "stranger@outlook.com"],
      generate: [{ pattern: "s{n}@contoso.com", from: 1, count: 2500 }],
    },
    { mail: "dyn@contoso.com", dynamic: true, generate: [{ pattern: "d{n}@contoso.com", from: 1, count: 20 }] },
    { mail: "stale@contoso.com", mailTips: false },
  ],
};

/** The properties the fake can serve, held to the metadata without a request. */
function checkServedProperties(model: GraphModel): CheckResult {
  const problems: string[] = [];
  for (const [type, names] of Object.entries(SELECTABLE) as [ObjectType, readonly string[]][]) {
    for (const name of [...names, ...DEFAULT_PROPERTIES[type]]) {
      if (!findProperty(model, type, name)) problems.push(`${type}.${name} is served but is not a property of ${type}`);
    }
  }
  return { name: "every property the fake can serve or select is in the metadata", problems };
}

interface Probe {
  method?: "GET" | "POST";
  path: string;
  json?: unknown;
  eventual?: boolean;
  /** What the answer must be: a collection or an entity of a type, a count, or an error. */
  expect: { collection: string } | { entity: string } | "count" | "error";
}

async function send(server: FakeGraphServer, probe: Probe, token: string | null = TOKEN): Promise<{ status: number; text: string; body: unknown }> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (probe.eventual) headers.ConsistencyLevel = "eventual";
  if (probe.json !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${server.url}${probe.path}`, {
    method: probe.method ?? (probe.json === undefined ? "GET" : "POST"),
    headers,
    ...(probe.json === undefined ? {} : { body: JSON.stringify(probe.json) }),
  });
  const text = await response.text();
  const json = (response.headers.get("content-type") ?? "").startsWith("application/json");
  return { status: response.status, text, body: json ? (JSON.parse(text) as unknown) : undefined };
}

function checkAnswer(model: GraphModel, where: string, expect: Probe["expect"], status: number, text: string, body: unknown, problems: string[]): void {
  if (expect === "error") {
    if (status < 400) problems.push(`${where}: expected an error, got ${status}`);
    checkError(body, where, problems);
    return;
  }
  if (status !== 200) {
    problems.push(`${where}: answered ${status} ${text.slice(0, 200)}`);
    return;
  }
  if (expect === "count") {
    if (!/^\d+$/.test(text)) problems.push(`${where}: $count answered ${JSON.stringify(text)}, not an integer`);
  } else if ("collection" in expect) checkCollection(model, expect.collection, body, where, problems);
  else checkObject(model, expect.entity, body, where, problems);
}

const select = (type: ObjectType): string => SELECTABLE[type].join(",");

async function groupIdOf(server: FakeGraphServer, mail: string): Promise<string> {
  const answer = await send(server, { path: `/groups?$filter=${encodeURIComponent(`mail eq '${mail}'`)}&$select=id`, expect: { collection: "group" } });
  const id = (answer.body as { value?: { id?: unknown }[] } | undefined)?.value?.[0]?.id;
  if (typeof id !== "string") throw new Error(`the fake has no group ${mail}`);
  return id;
}

/** Drives the fake with the requests the add-in's Graph use involves, and some it refuses. */
async function checkFakeAnswers(model: GraphModel): Promise<CheckResult> {
  const problems: string[] = [];
  for (const consent of [{}, { users: false, contacts: false }]) {
    const server = await startFakeGraph({ directory: { ...RICH_TENANT, consent }, network: { resourceUnitBudget: 1_000_000 } });
    try {
      const all = await groupIdOf(server, "all@contoso.com");
      const sec = await groupIdOf(server, "sec@contoso.com");
      const m365 = await groupIdOf(server, "m365@contoso.com");
      const probes: Probe[] = [
        { path: "/groups", expect: { collection: "group" } },
        { path: `/groups?$select=${select("group")}`, expect: { collection: "group" } },
        { path: `/groups?$filter=${encodeURIComponent("proxyAddresses/any(x:x eq 'smtp:team@contoso.com') or mail eq 'all@contoso.com'")}`, expect: { collection: "group" } },
        { path: `/groups/${all}`, expect: { entity: "group" } },
        { path: `/groups/${sec}?$select=${select("group")}`, expect: { entity: "group" } },
        { path: "/groups?$top=1&$count=true", eventual: true, expect: { collection: "group" } },
      ];
      for (const id of [all, sec, m365]) {
        for (const relation of ["transitiveMembers", "members"]) {
          const base = `/groups/${id}/${relation}`;
          probes.push({ path: `${base}?$top=999`, expect: { collection: "directoryObject" } }, { path: `${base}/$count`, eventual: true, expect: "count" });
          const casts: ObjectType[] = id === m365 ? ["user"] : ["user", "orgContact", "group"];
          for (const type of casts) {
            probes.push(
              { path: `${base}/microsoft.graph.${type}?$top=999&$count=true`, eventual: true, expect: { collection: type } },
              { path: `${base}/microsoft.graph.${type}?$select=${select(type)}&$top=999&$count=true`, eventual: true, expect: { collection: type } },
              { path: `${base}/microsoft.graph.${type}/$count`, eventual: true, expect: "count" },
            );
          }
        }
      }
      const everyTip = "automaticReplies, customMailTip, deliveryRestriction, externalMemberCount, mailboxFullStatus, maxMessageSize, moderationStatus, recipientScope, recipientSuggestions, totalMemberCount";
      const addresses = ["all@contoso.com", "everyone@contoso.com", "dyn@contoso.com", "stale@contoso.com", "ann@contoso.com", "partner@fabrikam.com", "nobody@nowhere.example", "not an address"];
      probes.push({ path: "/me/getMailTips", json: { EmailAddresses: addresses, MailTipsOptions: everyTip }, expect: { collection: "mailTips" } });
      probes.push(
        { path: "/nothing-here", expect: "error" },
        { path: "/groups/00000000-0000-0000-0000-000000000000", expect: "error" },
        { path: `/groups/${all}/transitiveMembers/microsoft.graph.user?$select=mail`, expect: "error" },
        { path: `/groups/${m365}/transitiveMembers/microsoft.graph.orgContact/$count`, eventual: true, expect: "error" },
        { path: `/groups/${all}/transitiveMembers/$count`, expect: "error" },
        { path: `/groups?$filter=${encodeURIComponent("shoeSize eq 'x'")}`, expect: "error" },
        { path: `/groups?$select=shoeSize`, expect: "error" },
        { path: "/me/getMailTips", method: "GET", expect: "error" },
      );
      for (const probe of probes) {
        const answer = await send(server, probe);
        checkAnswer(model, `${probe.method ?? (probe.json ? "POST" : "GET")} ${probe.path}`, probe.expect, answer.status, answer.text, answer.body, problems);
      }
      const unauthenticated = await send(server, { path: "/groups", expect: "error" }, null);
      checkAnswer(model, "GET /groups without a token", "error", unauthenticated.status, unauthenticated.text, unauthenticated.body, problems);

      const parts = probes.filter((p) => p.method === undefined && p.json === undefined).slice(0, 20);
      const batch = await send(server, {
        path: "/$batch",
        json: { requests: parts.map((p, i) => ({ id: String(i), method: "GET", url: p.path, ...(p.eventual ? { headers: { ConsistencyLevel: "eventual" } } : {}) })) },
        expect: "count",
      });
      const responses = (batch.body as { responses?: { id: string; status: number; body?: unknown }[] } | undefined)?.responses ?? [];
      if (responses.length !== parts.length) problems.push(`POST /$batch: ${responses.length} responses for ${parts.length} parts`);
      for (const response of responses) {
        const probe = parts[Number(response.id)];
        if (!probe) continue;
        const text = typeof response.body === "string" ? response.body : JSON.stringify(response.body);
        checkAnswer(model, `$batch part ${probe.path}`, probe.expect, response.status, text, response.body, problems);
      }
    } finally {
      await server.close();
    }
  }
  // Refusals for missing permissions and throttling, in Graph's error shape.
  const denied = await startFakeGraph({ directory: { ...RICH_TENANT, consent: { groups: false, mail: false } }, network: { resourceUnitBudget: 1 } });
  try {
    for (const probe of [
      { path: "/groups", expect: "error" },
      { path: "/me/getMailTips", json: { EmailAddresses: ["all@contoso.com"], MailTipsOptions: "totalMemberCount" }, expect: "error" },
    ] satisfies Probe[]) {
      const answer = await send(denied, probe);
      checkAnswer(model, `${probe.path} (no consent)`, probe.expect, answer.status, answer.text, answer.body, problems);
    }
  } finally {
    await denied.close();
  }
  return { name: "every property and enum value the fake serves is in the metadata with its type", problems };
}

interface NamedDirectory {
  name: string;
  directory?: DirectorySpec;
  network?: NetworkSpec;
  addresses: string[];
}

/** Scenario files: the project's examples and the contract's, beside the metadata. */
async function scenarioFiles(graphDir: string): Promise<string[]> {
  const dirs = [join(REPO_ROOT, "examples"), join(graphDir, "..", "contract", "examples")];
  const files: string[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) if (name.endsWith(".scenario.json")) files.push(join(dir, name));
  }
  return files;
}

async function adapterWorkloads(graphDir: string): Promise<NamedDirectory[]> {
  const groupAddresses = (directory: DirectorySpec | undefined): string[] => (directory?.groups ?? []).flatMap((g) => [g.mail, ...(g.aliases ?? [])]);
  const workloads: NamedDirectory[] = [];
  for (const file of await scenarioFiles(graphDir)) {
    const parsed = await loadScenario(file);
    if (!parsed.ok) continue; // the scenarios that are invalid on purpose
    const { message, directory, network } = parsed.scenario;
    const recipients = [...message.to, ...message.cc, ...message.bcc].map((r) => r.emailAddress);
    // Hangs and latency only slow the check; faults stay, since they drive the fallbacks.
    const { hang: _hang, latencyMs: _latency, ...quick } = network ?? {};
    workloads.push({ name: relative(REPO_ROOT, file), ...(directory ? { directory } : {}), network: quick, addresses: [...recipients, ...groupAddresses(directory)] });
  }
  for (const consent of [{}, { users: false }, { contacts: false }, { mail: false }]) {
    workloads.push({ name: `rich tenant, consent ${JSON.stringify(consent)}`, directory: { ...RICH_TENANT, consent }, addresses: [...groupAddresses(RICH_TENANT), "ann@contoso.com"] });
  }
  return workloads;
}

/** Runs the real adapter against the fake for each workload and checks every request it sent. */
async function checkAdapterRequests(model: GraphModel, graphDir: string): Promise<CheckResult> {
  const problems: string[] = [];
  const seen = { lookup: 0, count: 0, listing: 0, mailTips: 0 };
  for (const workload of await adapterWorkloads(graphDir)) {
    const server = await startFakeGraph({ ...(workload.directory ? { directory: workload.directory } : {}), ...(workload.network ? { network: workload.network } : {}) });
    try {
      const directory = new GraphDirectory({ baseUrl: server.url, tokenProvider: new StaticTokenProvider(TOKEN), retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } });
      const signal = AbortSignal.timeout(30_000);
      await directory.expandLists(workload.addresses, { signal }).catch(() => undefined);
      for (const address of workload.addresses) await directory.listMembers(address, { budget: 3000, signal }).catch(() => undefined);
      const requests: LoggedRequest[] = server.requestLog.flatMap((entry) => [entry, ...(entry.batch ?? [])]);
      for (const request of requests) {
        for (const problem of checkRequest(model, request)) problems.push(`${workload.name}: ${problem}`);
        if (/\/groups\?/.test(request.path)) seen.lookup++;
        if (/\/\$count(?:\?|$)/.test(request.path)) seen.count++;
        if (/\/transitiveMembers\/microsoft\.graph\.\w+\?/.test(request.path)) seen.listing++;
        if (/\/me\/getMailTips$/.test(request.path)) seen.mailTips++;
      }
    } finally {
      await server.close();
    }
  }
  for (const [kind, count] of Object.entries(seen)) if (count === 0) problems.push(`the adapter sent no ${kind} request in any workload: the check would prove nothing`);
  return { name: `every request the adapter sends names real segments, casts, properties and options (${Object.entries(seen).map(([k, n]) => `${n} ${k}`).join(", ")})`, problems };
}

async function main(): Promise<number> {
  const graphDir = resolve(REPO_ROOT, process.env.GRAPH_METADATA_DIR ?? join("..", "shared", "graph"));
  let csdl: string;
  let readme: string;
  try {
    csdl = await readFile(join(graphDir, "v1.0-subset.csdl.xml"), "utf8");
    readme = await readFile(join(graphDir, "README.md"), "utf8");
  } catch (error) {
    process.stderr.write(`test:graph needs Graph's metadata extract in ${graphDir} (set GRAPH_METADATA_DIR): ${(error as Error).message}\n`);
    return 2;
  }
  const model = parseCsdl(csdl);
  const results: CheckResult[] = [
    checkServedProperties(model),
    await checkFakeAnswers(model),
    await checkAdapterRequests(model, graphDir),
    { name: "every documented rule in the metadata folder's README has tests", problems: await checkRuleCoverage(readme, REPO_ROOT) },
  ];
  let failed = 0;
  for (const result of results) {
    if (result.problems.length === 0) {
      process.stdout.write(`ok   ${result.name}\n`);
      continue;
    }
    failed++;
    process.stdout.write(`FAIL ${result.name}\n`);
    for (const problem of result.problems) process.stderr.write(`  ${problem}\n`);
  }
  process.stdout.write(`${results.length - failed}/${results.length} checks passed\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`test:graph failed to run: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
