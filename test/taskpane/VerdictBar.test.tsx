/** @jest-environment jsdom */
import { screen, within } from "@testing-library/react";
import { VerdictBar, intentFor } from "../../src/taskpane/components/VerdictBar/VerdictBar";
import { person } from "../fixtures/builders";
import { renderWithProviders } from "./renderWithProviders";
import { everyone, mixedOutsiders, outsidersPolicy, replyToEveryone, smallNote, verdictFor } from "./scenarios";

describe("VerdictBar", () => {
  it("maps allow, warn and block to success, warning and error", () => {
    expect([intentFor("allow"), intentFor("warn"), intentFor("block")]).toEqual(["success", "warning", "error"]);
  });

  it("shows a blocked reply with the reason's own message", () => {
    const verdict = verdictFor(replyToEveryone, { lists: [everyone] });
    renderWithProviders(<VerdictBar verdict={verdict} />);
    const bar = screen.getByRole("group", { name: "Change the recipients before you send" });
    expect(within(bar).getByText(verdict.reasons[0]?.message ?? "")).toBeInTheDocument();
    expect(verdict.reasons[0]?.message).toContain("840,000");
  });

  it("lists every reason", () => {
    const verdict = verdictFor(mixedOutsiders, { policy: outsidersPolicy });
    renderWithProviders(<VerdictBar verdict={verdict} />);
    const items = within(screen.getByRole("list")).getAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual(verdict.reasons.map((r) => r.message));
    expect(items.length).toBeGreaterThanOrEqual(3);
  });

  it("says a clean message is ready to send, with no reasons", () => {
    renderWithProviders(<VerdictBar verdict={verdictFor(smallNote)} />);
    expect(screen.getByRole("group", { name: "Ready to send" })).toBeInTheDocument();
    expect(screen.queryByRole("list")).not.toBeInTheDocument();
  });

  it("warns about an external recipient", () => {
    renderWithProviders(<VerdictBar verdict={verdictFor({ ...smallNote, to: [person("x@example.org")] })} />);
    expect(screen.getByRole("group", { name: "Check before you send" })).toHaveTextContent("example.org");
  });

  it("speaks the person's language", () => {
    const verdict = verdictFor(replyToEveryone, { lists: [everyone], locale: "de-DE" });
    renderWithProviders(<VerdictBar verdict={verdict} />, { locale: "de-DE" });
    expect(screen.getByRole("group", { name: "Ändern Sie die Empfänger, bevor Sie senden" })).toHaveTextContent("840.000");
  });

  it("takes the caller's className", () => {
    renderWithProviders(<VerdictBar verdict={verdictFor(smallNote)} className="mine" />);
    expect(screen.getByRole("group")).toHaveClass("mine", "ag-VerdictBar");
  });
});
