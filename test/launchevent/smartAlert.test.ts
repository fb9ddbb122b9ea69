import { evaluate, type Verdict } from "../../src/core/evaluate";
import {
  TASKPANE_COMMAND_ID,
  alertMarkdown,
  alertMessage,
  alertReasons,
  buttonFix,
  clampText,
  completionForVerdict,
  contextDataFor,
  escapeMarkdown,
  reasonMessages,
} from "../../src/launchevent/smartAlert";
import { launchTexts } from "../../src/launchevent/launchTexts";
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

/** A reply-all to a big list, a blocked webmail address, a look-alike and an outsider: four reasons, two blocking. */
function fourReasons(locale = "en-GB"): Verdict {
  return evaluate({
    message: message({
      composeType: "new",
      to: [list("all@contoso.com", "All staff"), person("someone@gmail.com"), person("ceo@c0ntoso.com"), person("a@partner.example")],
    }),
    policy: policy({ internalDomains: ["contoso.com"], blockedDomains: ["gmail.com"], bccAdvisedAbove: 50 }),
    lists: [counted("all@contoso.com", 5000)],
    locale,
  });
}

describe("the alert for several reasons", () => {
  it("tells blocking reasons first and offers the fix of the most severe one as the button", () => {
    const verdict = fourReasons();
    expect(verdict.fixes[0]?.code).not.toBe("remove-blocked");
    const completion = completionForVerdict({ verdict, features: ALL_FEATURES, notes: [], promptUser: "promptUser" });
    const texts = alertReasons(verdict.reasons).map((r) => r.text);
    expect(texts[0]).toBe(verdict.reasons.find((r) => r.code === "blocked-domain")?.message);
    expect(completion.errorMessage?.startsWith(texts[0] ?? "?")).toBe(true);
    expect(buttonFix(verdict)?.code).toBe("remove-blocked");
    expect(completion.cancelLabel).toBe(verdict.fixes.find((f) => f.code === "remove-blocked")?.shortLabel);
    expect(JSON.parse(completion.contextData ?? "{}")).toMatchObject({ focus: "remove-blocked" });
  });

  it("keeps every blocking reason whole and counts what does not fit", () => {
    const verdict = fourReasons();
    const note = { text: "N".repeat(150) };
    const text = alertMessage(alertReasons(verdict.reasons), [note]);
    expect(text.length).toBeLessThanOrEqual(500);
    for (const reason of verdict.reasons.filter((r) => r.action === "block")) expect(text).toContain(reason.message);
    const told = verdict.reasons.filter((r) => text.includes(r.message)).length;
    expect(told).toBeLessThan(verdict.reasons.length);
    expect(text).toContain(launchTexts("en-GB").moreInPane(verdict.reasons.length - told));
    expect(text).not.toMatch(/[a-z]…/); // no reason cut mid-sentence
    expect(text.endsWith(note.text)).toBe(true);
  });

  it.each(["en-US", "de-DE", "fr-FR", "es-ES"])("says how many more are in the pane in %s", (locale) => {
    const more = launchTexts(locale).moreInPane;
    expect(more(1)).not.toBe(more(2));
    expect(more(3)).toContain("3");
    const text = alertMessage(["R".repeat(300), "S".repeat(300)], [], 500, more);
    expect(text).toBe(`${"R".repeat(300)} ${more(1)}`);
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
    expect(text).not.toContain("more in the task pane");
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
