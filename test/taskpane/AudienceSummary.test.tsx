/** @jest-environment jsdom */
import { screen, within } from "@testing-library/react";
import { AudienceSummary } from "../../src/taskpane/components/AudienceSummary/AudienceSummary";
import { counted, list, message, people, person } from "../fixtures/builders";
import { renderWithProviders } from "./renderWithProviders";
import { staleEveryone, verdictFor } from "./scenarios";

/** The value shown beside a term of the summary. */
function valueOf(term: string): string {
  const dt = screen.getByText(term, { selector: "dt" });
  return dt.nextElementSibling?.firstChild?.textContent ?? "";
}

describe("AudienceSummary", () => {
  it("shows the people reached as one big number, under a heading", () => {
    const verdict = verdictFor(message({ composeType: "reply", to: [list("all@contoso.com", "All staff")] }), {
      lists: [counted("all@contoso.com", 840_001)],
    });
    renderWithProviders(<AudienceSummary audience={verdict.audience} />);
    const region = screen.getByRole("region", { name: "Who this message reaches" });
    expect(within(region).getByRole("heading", { level: 2, name: "Who this message reaches" })).toBeInTheDocument();
    expect(within(region).getByText("840,001")).toBeInTheDocument();
    expect(within(region).getByText("People reached")).toBeInTheDocument();
  });

  it("says 'at least' when a list's size has no known upper bound", () => {
    const verdict = verdictFor(message({ to: [list("everyone@contoso.com")] }), { lists: [staleEveryone] });
    renderWithProviders(<AudienceSummary audience={verdict.audience} />);
    expect(screen.getByText("at least 840,000")).toBeInTheDocument();
  });

  it("shows To and Cc apart from those reached only through Bcc, and the outsiders", () => {
    const verdict = verdictFor(
      message({ to: people(3), cc: [person("x@example.org")], bcc: [list("all@contoso.com")] }),
      { lists: [counted("all@contoso.com", 500)] },
    );
    renderWithProviders(<AudienceSummary audience={verdict.audience} />);
    expect(valueOf("To and Cc")).toBe("4 people");
    // The 500 in the Bcc list may include the four people named in To and Cc.
    expect(valueOf("Only in Bcc")).toBe("between 496 and 500 people");
    expect(valueOf("Outside your organization")).toBe("1 person");
  });

  it("knows nobody is reached only through Bcc when the Bcc field is empty, whatever the bounds", () => {
    const verdict = verdictFor(message({ to: [person("nestor@contoso.com"), list("everyone@contoso.com")] }), { lists: [counted("everyone@contoso.com", 840_000)] });
    const { rerender } = renderWithProviders(<AudienceSummary audience={verdict.audience} />);
    // From the bounds alone, Nestor might or might not be in the list.
    expect(valueOf("Only in Bcc")).toBe("up to 1 person");
    rerender(<AudienceSummary audience={verdict.audience} bccRecipients={0} />);
    expect(valueOf("Only in Bcc")).toBe("0 people");
  });

  it("speaks German with German numbers", () => {
    const verdict = verdictFor(message({ to: [list("all@contoso.com")] }), { lists: [counted("all@contoso.com", 840_001)] });
    renderWithProviders(<AudienceSummary audience={verdict.audience} />, { locale: "de-DE" });
    expect(screen.getByRole("region", { name: "Wen diese Nachricht erreicht" })).toBeInTheDocument();
    expect(screen.getByText("840.001")).toBeInTheDocument();
    expect(valueOf("An und Cc")).toBe("840.001 Personen");
  });
});
