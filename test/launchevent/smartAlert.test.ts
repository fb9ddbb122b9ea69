import { evaluate, type Verdict } from "../../src/core/evaluate";
import {
  TASKPANE_COMMAND_ID,
  alertMarkdown,
  alertMessage,
  clampText,
  completionForVerdict,
  contextDataFor,
  escapeMarkdown,
  reasonMessages,
} from "../../src/launchevent/smartAlert";
import { smartAlertsFeatures } from "../../src/office/requirements";
import { counted, list, message, people, person, policy } from "../fixtures/builders";

const ALL_FEATURES = smartAlertsFeatures(() => true);

function verdictFor(size: number, composeType: "new" | "reply" = "reply"): Verdict {
  return evaluate({
    message: message({ composeType, to: [person("boss@contoso.com"), list("all@contoso.com", "All staff")] }),
    policy: policy(),
    lists: [counted("all@contoso.com", size)],
  });
}

describe("completionForVerdict", () => {
  it("allows with allowEvent true and nothing else", () => {
    expect(completionForVerdict({ verdict: verdictFor(3), features: ALL_FEATURES, notes: [], promptUser: "promptUser" })).toEqual({ allowEvent: true });
  });

  it("opens the task pane without relabelling the button when no fix is offered", () => {
    const verdict = evaluate({ message: message({ to: [list("dyn@contoso.com")] }), policy: policy(), lists: [] });
    const completion = completionForVerdict({ verdict, features: ALL_FEATURES, notes: [], promptUser: "promptUser" });
    expect(completion.commandId).toBe(TASKPANE_COMMAND_ID);
    expect(completion).not.toHaveProperty("cancelLabel");
  });

  it("orders reasons by severity", () => {
    const verdict = evaluate({
      message: message({ to: [...people(120), person("x@gmail.com")] }),
      policy: policy({ blockedDomains: ["gmail.com"] }),
    });
    expect(verdict.reasons[0]?.action).toBe("warn");
    expect(reasonMessages(verdict.reasons)[0]).toBe(verdict.reasons.find((r) => r.action === "block")?.message);
  });
});

describe("alertMessage", () => {
  const long = "A".repeat(300) + " tail";

  it("joins whole reasons and notes when they fit", () => {
    expect(alertMessage(["One.", "Two."], [{ text: "Note." }])).toBe("One. Two. Note.");
  });

  it("keeps required notes whole and shortens the first reason to make room", () => {
    const note = "N".repeat(300);
    const text = alertMessage([long], [{ text: note }]);
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text.endsWith(note)).toBe(true);
    expect(text).toContain("…");
  });

  it("drops optional notes before reasons", () => {
    const text = alertMessage(["R".repeat(250), "S".repeat(150)], [{ text: "O".repeat(200), optional: true }, { text: "Required." }]);
    expect(text).not.toContain("OOO");
    expect(text).toContain("SSS");
    expect(text).toContain("Required.");
  });

  it("cuts at a word boundary when one is close", () => {
    expect(clampText("alpha beta gamma", 13)).toBe("alpha beta…");
    expect(clampText("short", 10)).toBe("short");
  });
});

describe("alertMarkdown", () => {
  it("escapes Markdown in names, lists several reasons as bullets ending in \\r, and separates notes by blank lines", () => {
    expect(escapeMarkdown("a*b_[c](d)`e\\")).toBe("a\\*b\\_\\[c\\](d)\\`e\\\\");
    expect(alertMarkdown(["*One*", "Two"], [{ text: "Note" }])).toBe("- \\*One\\*\r- Two\r\n\nNote");
    expect(alertMarkdown(["Only"], [])).toBe("Only");
  });

  it("fits 500 characters after escaping and never ends on a lone escape", () => {
    const text = alertMarkdown(["*".repeat(600)], []);
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text.endsWith("\\…")).toBe(false);
  });
});

describe("contextDataFor", () => {
  it("is the verdict as verdictToJson, open bounds as null", () => {
    const verdict = evaluate({ message: message({ to: [list("dyn@contoso.com")] }), policy: policy(), lists: [] });
    expect(JSON.parse(contextDataFor(verdict))).toMatchObject({ action: "warn", audience: { total: { upper: null } } });
  });

  it("drops recipient lists from fixes and reasons when the verdict is too large", () => {
    const verdict = evaluate({ message: message({ composeType: "forward", to: people(2000) }), policy: policy() });
    const full = contextDataFor(verdict, 1_000_000);
    const trimmed = JSON.parse(contextDataFor(verdict, 20_000)) as { trimmed: boolean; fixes: object[] };
    expect(full.length).toBeGreaterThan(20_000);
    expect(trimmed.trimmed).toBe(true);
    for (const fix of trimmed.fixes) expect(fix).not.toHaveProperty("set");
    expect(JSON.stringify(trimmed).length).toBeLessThanOrEqual(20_000);
  });
});
