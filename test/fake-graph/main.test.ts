import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const MAIN = join(ROOT, "tools", "fake-graph", "main.ts");

function scenarioFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "fake-graph-"));
  const file = join(dir, "scenario.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

function run(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(TSX, [MAIN, ...args], { cwd: ROOT });
}

function finished(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("tools/fake-graph/main.ts", () => {
  jest.setTimeout(30_000);

  it("serves a scenario's directory, prints the URL, and stops on SIGTERM", async () => {
    const file = scenarioFile({
      message: { composeType: "new", from: "a@contoso.com", to: [] },
      directory: { tenantDomains: ["contoso.com"], groups: [{ mail: "team@contoso.com", generate: [{ pattern: "t{n}@contoso.com", from: 1, count: 3 }] }] },
    });
    const child = run([file]);
    const done = finished(child);
    const url = await new Promise<string>((resolve) => {
      let seen = "";
      child.stdout.on("data", (d: Buffer) => {
        seen += d.toString();
        const line = seen.split("\n")[0];
        if (seen.includes("\n") && line) resolve(line.trim());
      });
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0$/);
    const response = await fetch(`${url}/groups?$filter=${encodeURIComponent("mail eq 'team@contoso.com'")}`, { headers: { Authorization: "Bearer t" } });
    expect(((await response.json()) as { value: unknown[] }).value).toHaveLength(1);
    child.kill("SIGTERM");
    expect((await done).code).toBe(0);
  });

  it("exits 2 and lists every problem with its path when the scenario is invalid", async () => {
    const file = scenarioFile({ directory: { groups: [{ mail: "bad" }], users: [{ mail: "a@b.org", role: "x" }] }, network: { faults: [{ path: "x", status: 418, times: 1 }] } });
    const result = await finished(run([file]));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("directory.groups[0].mail");
    expect(result.stderr).toContain("directory.users[0]");
    expect(result.stderr).toContain("network.faults[0].status");
  });

  it("exits 2 on a missing file or bad arguments", async () => {
    expect((await finished(run([join(tmpdir(), "no-such-scenario.json")]))).code).toBe(2);
    expect((await finished(run([]))).code).toBe(2);
    expect((await finished(run(["x.json", "--port", "http"]))).code).toBe(2);
  });
});
