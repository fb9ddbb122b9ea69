import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * `npm run dev-server` as a developer runs it (webpack serve, development mode), on a free port with
 * webpack-dev-server's throw-away certificate: it serves the launch-event script over HTTPS, and the
 * script has nothing injected (no hot-module, live-reload or WebSocket client), because classic
 * Outlook's JavaScript-only runtime must run it as built.
 */

const ROOT = join(__dirname, "..", "..");
const STARTUP_MS = 8 * 60_000;

let server: ChildProcess | undefined;
let output = "";
let origin = "";
let dist = "";

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // The throw-away certificate is not trusted; this is loopback only.
    const req = request(url, { rejectUnauthorized: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), "guard-dev-server-"));
  const child = spawn(process.execPath, [join(ROOT, "node_modules", "webpack", "bin", "webpack.js"), "serve", "--mode", "development", "--config-name", "launchevent"], {
    cwd: ROOT,
    env: { ...process.env, DIST_DIR: dist, DEV_SERVER_HTTPS: "self-signed", DEV_SERVER_PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server = child;
  await new Promise<void>((resolve, reject) => {
    const seen = (chunk: Buffer): void => {
      output += chunk.toString();
      const port = /Loopback: https:\/\/localhost:(\d+)\//.exec(output)?.[1];
      if (port && !origin) origin = `https://localhost:${port}`;
      if (origin && /compiled (successfully|with \d+ warnings?)/.test(output)) resolve();
      if (/compiled with \d+ errors?/.test(output)) reject(new Error(output));
    };
    child.stdout?.on("data", seen);
    child.stderr?.on("data", seen);
    child.on("exit", (code) => reject(new Error(`dev server exited with ${String(code)}:\n${output}`)));
  });
}, STARTUP_MS);

afterAll(() => {
  server?.kill();
  rmSync(dist, { recursive: true, force: true });
});

describe("npm run dev-server", () => {
  it("serves the launch-event script over HTTPS with no dev-server client in it", async () => {
    const script = await get(`${origin}/launchevent.js`);
    expect(script.status).toBe(200);
    expect(script.body).toContain("onMessageSendHandler");
    for (const injected of ["webpack-dev-server", "webpackHotUpdate", "__webpack_dev_server_client__", "sockjs", "new WebSocket", "module.hot"]) {
      expect(script.body).not.toContain(injected);
    }
  });

  it("serves the page and the manifest the build writes", async () => {
    expect((await get(`${origin}/launchevent.html`)).body).toContain("launchevent.js");
    expect((await get(`${origin}/manifest.xml`)).body).toContain("<OfficeApp");
  });

  it("only reports the size budget in development", () => {
    expect(output).toMatch(/launchevent\.js: [\d.]+ KB, [\d.]+ KB gzipped/);
  });
});
