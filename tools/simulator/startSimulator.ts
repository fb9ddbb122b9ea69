import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { validatePolicy, type Policy } from "../../src/core/policy";
import { parseAddress } from "../../src/core/address";
import { startFakeGraph, type FakeGraphServer } from "../fake-graph/FakeGraphServer";
import type { MailboxMessage } from "../fake-graph/routeGraphRequest";
import { loadScenario, type Scenario } from "../scenario/scenario";
import { composePageHtml } from "./composePage";
import { DIST_DIR, REPO_ROOT, ensureBuilt } from "./ensureBuilt";
import { readManifest, type ManifestReading } from "./manifestFacts";
import { buildAddressBook, resolveRecipient } from "./page/addressBook";
import type { PageConfig } from "./page/pageConfig";
import { buildPageBundles } from "./pageBundles";

/**
 * The simulator's server: the compose page, the add-in's built pages from dist/ (with office.js
 * replaced by the simulator's shim, and the build's origin by the simulator's own), `/policy.json`
 * (the current policy, editable from the page), and the fake Microsoft Graph server it starts
 * in-process, loaded with the scenario's directory and network.
 */

export interface SimulatorOptions {
  /** Port for http://localhost:PORT/; 0 picks a free one. @default 3000 */
  port?: number;
  /** A scenario file (CONTRACT.md §3) instead of the demo tenant. */
  scenarioFile?: string;
  /** Build dist/ first when it is missing or stale. @default true */
  build?: boolean;
  /** Where the built add-in is. @default dist/ of this repository (built first, see `build`) */
  distDir?: string;
  /** Progress lines (build, start-up); default: stderr. */
  log?: (line: string) => void;
}

export interface Simulator {
  /** e.g. "http://localhost:3000/" */
  readonly url: string;
  readonly fakeGraph: FakeGraphServer;
  /** The policy document currently served at /policy.json. */
  readonly policyText: string;
  close(): Promise<void>;
}

export const DEMO_SCENARIO = join(__dirname, "demo.scenario.json");
/** The Entra application id the demo policy names (nested app authentication needs one). */
export const DEMO_CLIENT_ID = "5b0c6a3e-2f4d-4e1a-9c8b-7d6e5f4a3b21";
const DEMO_TENANT_ID = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
/** Microsoft's office.js script element, quoted or not (html-webpack-plugin's minifier drops the quotes). */
const OFFICE_JS = /<script\b[^>]*\bsrc\s*=\s*(["']?)https:\/\/appsforoffice\.microsoft\.com\/[^"'\s>]*\1[^>]*>\s*<\/script>/gi;
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;
const MAX_BODY_BYTES = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};
const TEXT_TYPES = new Set([".html", ".js", ".mjs", ".css", ".json", ".xml", ".map", ".txt", ".svg"]);

const DEMO_TEXT = {
  subject: "RE: Car park B closed on Friday",
  body: "Thanks Jo, noted. Could we get the overflow parking details too?\n\nSam",
};

async function readScenario(file: string): Promise<Scenario> {
  const parsed = await loadScenario(file);
  if (!parsed.ok) {
    throw new Error(`${file} is not a valid scenario:\n${parsed.problems.map((p) => `  ${p.path ? `${p.path}: ` : ""}${p.message}`).join("\n")}`);
  }
  return parsed.scenario;
}

/**
 * The scenario's policy with a client id for nested app authentication. Its `graphBaseUrl` stays a
 * Microsoft Graph endpoint (a policy may name no other): the office shim sends the pages' Graph
 * requests on to the fake server instead (page/graphBridge.ts).
 */
function simulatorPolicy(policy: Policy): string {
  const document = { ...policy, directory: { ...policy.directory, clientId: policy.directory.clientId ?? DEMO_CLIENT_ID } };
  const checked = validatePolicy(document);
  if (!checked.ok) throw new Error(`the simulator's policy is invalid: ${checked.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * The `internetMessageId` of the message every simulated reply answers (Office's `item.inReplyTo`).
 * The fake Graph server holds that message, from the scenario's `originalSender`, so the add-in's
 * original-sender lookup finds it as it would in a real mailbox instead of getting a 404.
 */
const ORIGINAL_MESSAGE_ID = "<original.message@simulator.invalid>";

/** The mailbox the fake Graph server answers `/me/messages` from: the scenario's original message. */
function originalMessages(scenario: Scenario): MailboxMessage[] {
  const sender = scenario.message.originalSender;
  const parsed = sender ? parseAddress(sender) : undefined;
  if (!parsed) return [];
  return [{ internetMessageId: ORIGINAL_MESSAGE_ID, from: { address: parsed.address, ...(parsed.displayName ? { name: parsed.displayName } : {}) } }];
}

function pageConfig(scenario: Scenario, scenarioName: string, manifest: ManifestReading, policyText: string, accessToken: string, isDemo: boolean): PageConfig {
  const addressBook = buildAddressBook(scenario.directory);
  const { message } = scenario;
  const details = (list: Scenario["message"]["to"]) => list.map((r) => ({ ...resolveRecipient(addressBook, r.emailAddress, r.displayName), ...(r.recipientType ? { recipientType: r.recipientType } : {}) }));
  const sender = scenario.directory?.users?.find((u) => u.mail.toLowerCase() === message.from.toLowerCase());
  const reply = message.composeType === "reply" || message.composeType === "replyAll";
  return {
    manifest: manifest.facts,
    scenarioName,
    message: {
      composeType: message.composeType,
      from: message.from,
      to: details(message.to),
      cc: details(message.cc),
      bcc: details(message.bcc),
      subject: isDemo ? DEMO_TEXT.subject : `${reply ? "RE: " : message.composeType === "forward" ? "FW: " : ""}${scenarioName}`,
      body: isDemo ? DEMO_TEXT.body : "",
    },
    userName: sender?.displayName ?? message.from.split("@")[0] ?? message.from,
    addressBook,
    policyText,
    scenarioPolicyText: policyText,
    inReplyTo: ORIGINAL_MESSAGE_ID,
    accessToken,
    tenantId: DEMO_TENANT_ID,
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, CONTENT_TYPES[".json"] as string, JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * A dist/ file as the simulator serves it: office.js swapped for the shim, the build's origin for
 * this one. `pathname` is already percent-decoded.
 */
async function distFile(distDir: string, pathname: string, buildOrigin: string, origin: string): Promise<{ type: string; body: string | Buffer } | undefined> {
  const relative = normalize(pathname).replace(/^([/\\])+/, "");
  const file = join(distDir, relative);
  if (!file.startsWith(distDir + sep)) return undefined;
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    return undefined;
  }
  const ext = extname(file).toLowerCase();
  const type = CONTENT_TYPES[ext] ?? "application/octet-stream";
  if (!TEXT_TYPES.has(ext)) return { type, body: data };
  let text = data.toString("utf8").split(buildOrigin).join(origin);
  if (ext === ".html") text = text.replace(OFFICE_JS, '<script src="/simulator/office-shim.js"></script>');
  return { type, body: text };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const log = options.log ?? ((line: string) => console.error(`[simulator] ${line}`));
  const distDir = options.distDir ?? DIST_DIR;
  if (options.distDir === undefined && (options.build ?? true)) await ensureBuilt({ root: REPO_ROOT, log });
  const isDemo = options.scenarioFile === undefined;
  const scenarioFile = options.scenarioFile ?? DEMO_SCENARIO;
  const [scenario, manifestXml, bundles] = await Promise.all([
    readScenario(scenarioFile),
    readFile(join(distDir, "manifest.xml"), "utf8"),
    buildPageBundles(),
  ]);
  const manifest = readManifest(manifestXml);
  const accessToken = `simulator-naa-${randomUUID()}`;
  const fakeGraph = await startFakeGraph({ directory: scenario.directory, network: scenario.network, token: accessToken, messages: originalMessages(scenario) });
  const scenarioName = isDemo ? "Riverside NHS Trust demo" : (scenarioFile.split(/[\\/]/).pop() ?? scenarioFile);
  let policyText = simulatorPolicy(scenario.policy);
  const config = pageConfig(scenario, scenarioName, manifest, policyText, accessToken, isDemo);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const hostHeader = req.headers.host ?? "";
    // Loopback only, and no other Host names (DNS rebinding).
    if (!LOOPBACK_HOST.test(hostHeader)) return send(res, 403, "text/plain; charset=utf-8", "The simulator answers on localhost only.");
    const origin = `http://${hostHeader}`;
    const url = new URL(req.url ?? "/", origin);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      // A malformed %-escape is the client's mistake, not the server's (RFC 3986 §2.1).
      return send(res, 400, "text/plain; charset=utf-8", "Bad request: malformed percent-encoding in the path.");
    }
    const route = `${req.method ?? "GET"} ${url.pathname}`;
    switch (route) {
      case "GET /":
      case "GET /index.html":
        return send(res, 200, CONTENT_TYPES[".html"] as string, composePageHtml({ ...config, policyText }));
      case "GET /simulator/compose.js":
        return send(res, 200, CONTENT_TYPES[".js"] as string, bundles.composeJs);
      case "GET /simulator/office-shim.js":
        return send(res, 200, CONTENT_TYPES[".js"] as string, bundles.officeShimJs);
      case "GET /simulator/compose.css":
        return send(res, 200, CONTENT_TYPES[".css"] as string, await readFile(join(__dirname, "page", "compose.css")));
      case "GET /policy.json":
        return send(res, 200, CONTENT_TYPES[".json"] as string, policyText);
      case "GET /simulator/api/graph":
        return sendJson(res, 200, { url: fakeGraph.url, requestCount: fakeGraph.requestCount });
      case "POST /simulator/api/policy": {
        const text = await readBody(req);
        let document: unknown;
        try {
          document = JSON.parse(text);
        } catch (error) {
          return sendJson(res, 400, { ok: false, problems: [{ path: "", message: `not valid JSON: ${(error as Error).message}` }] });
        }
        const checked = validatePolicy(document);
        if (!checked.ok) return sendJson(res, 400, { ok: false, problems: checked.problems });
        policyText = text.endsWith("\n") ? text : `${text}\n`;
        return sendJson(res, 200, { ok: true });
      }
      default: {
        if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain; charset=utf-8", "Method not allowed");
        const file = await distFile(distDir, pathname, manifest.origin, origin);
        if (!file) return send(res, 404, "text/plain; charset=utf-8", `Not found: ${url.pathname}`);
        return send(res, 200, file.type, file.body);
      }
    }
  };

  const servers: Server[] = [];
  const listen = (port: number, host: string): Promise<Server> =>
    new Promise((resolve, reject) => {
      const server = createServer((req, res) => {
        handle(req, res).catch((error: unknown) => {
          if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", `Simulator error: ${(error as Error).message}`);
          else res.end();
        });
      });
      server.once("error", reject);
      server.listen(port, host, () => resolve(server));
    });

  let first: Server;
  try {
    first = await listen(options.port ?? 3000, "127.0.0.1");
  } catch (error) {
    await fakeGraph.close();
    throw error;
  }
  servers.push(first);
  const port = (first.address() as AddressInfo).port;
  // Browsers may resolve localhost to ::1 first; answer there too when the machine has IPv6.
  await listen(port, "::1").then(
    (server) => servers.push(server),
    () => undefined,
  );

  return {
    url: `http://localhost:${port}/`,
    fakeGraph,
    get policyText() {
      return policyText;
    },
    async close() {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
      await fakeGraph.close();
    },
  };
}
