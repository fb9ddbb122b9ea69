import { main } from "../../tools/cli/guard";

/** The `guard` command's argument handling (CONTRACT.md §2), by node:util's parseArgs. */

function capture(): { out: () => string; err: () => string; restore: () => void } {
  let out = "";
  let err = "";
  const stdout = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  return { out: () => out, err: () => err, restore: () => (stdout.mockRestore(), stderr.mockRestore()) };
}

describe("guard arguments", () => {
  it.each([
    [["check", "examples/does-not-matter.json", "--bogus"], "Unknown option '--bogus'"],
    [["check", "--locale"], "--locale"],
    [["check", "a.json", "b.json"], "check takes exactly one FILE"],
    [["policy", "validate"], "policy validate takes exactly one FILE"],
    [["policy", "schema", "extra"], "policy schema takes no FILE"],
    [["frobnicate"], "unknown command"],
  ])("refuses %j with exit 2 and the usage", async (argv, message) => {
    const io = capture();
    try {
      expect(await main(argv)).toBe(2);
      expect(io.err()).toContain(message);
      expect(io.err()).toContain("Usage:");
      expect(io.out()).toBe("");
    } finally {
      io.restore();
    }
  });

  it("takes options after the file as well as before it", async () => {
    for (const argv of [
      ["check", "tools/simulator/demo.scenario.json", "--locale", "de-DE"],
      ["check", "--locale=de-DE", "tools/simulator/demo.scenario.json"],
    ]) {
      const io = capture();
      try {
        expect(await main(argv)).toBe(0);
        expect((JSON.parse(io.out()) as { locale: string }).locale).toBe("de-DE");
      } finally {
        io.restore();
      }
    }
  });
});
