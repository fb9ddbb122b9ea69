/** @jest-environment jsdom */
import { screen, within } from "@testing-library/react";
import { ListTable } from "../../src/taskpane/components/ListTable/ListTable";
import { bounded, counted, list, message } from "../fixtures/builders";
import { renderWithProviders } from "./renderWithProviders";
import { staleEveryone, verdictFor } from "./scenarios";

const snapshot = message({
  to: [list("everyone@contoso.com", "Everyone"), list("team@contoso.com", "Team")],
  cc: [list("partners@contoso.com")],
  bcc: [list("dynamic@contoso.com", "Dynamic")],
});

function renderTable(locale = "en-US") {
  const verdict = verdictFor(snapshot, {
    lists: [
      staleEveryone,
      { ...counted("team@contoso.com", 12, 0, "Team"), source: "enumerated", members: [] },
      counted("partners@contoso.com", 40, 7, "Partners"),
    ],
  });
  return renderWithProviders(<ListTable lists={verdict.audience.lists} />, { locale });
}

function rowOf(name: string): HTMLElement {
  const row = screen.getByRole("cell", { name: new RegExp(`^${name}`) }).closest("tr");
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

describe("ListTable", () => {
  it("is a table labelled by its heading, with a row per list", () => {
    renderTable();
    const table = screen.getByRole("table", { name: "Lists" });
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["List", "People", "External", "Source"]);
    expect(within(table).getAllByRole("row")).toHaveLength(5);
  });

  it("names where each number came from", () => {
    renderTable();
    expect(within(rowOf("Everyone")).getByText("Mail tips (may be out of date)")).toBeInTheDocument();
    expect(within(rowOf("Team")).getByText("Counted member by member")).toBeInTheDocument();
    expect(within(rowOf("Partners")).getByText("Directory count")).toBeInTheDocument();
    expect(within(rowOf("Dynamic")).getAllByText("Unknown")).toHaveLength(3);
  });

  it("shows people and external people, 'at least' where the count is open", () => {
    renderTable();
    expect(within(rowOf("Everyone")).getByText(/^at least 840,000/)).toBeInTheDocument();
    const partners = within(rowOf("Partners")).getAllByRole("cell").map((c) => c.textContent);
    expect(partners.slice(1)).toEqual(["40", "7", "Directory count"]);
  });

  it("flags a number that may be out of date, and only that one", () => {
    renderTable();
    expect(within(rowOf("Everyone")).getByText("May be out of date")).toBeInTheDocument();
    expect(screen.getAllByText("May be out of date")).toHaveLength(1);
  });

  it("shows the address and the fields each list is in", () => {
    renderTable();
    expect(within(rowOf("Partners")).getByText("partners@contoso.com")).toBeInTheDocument();
    expect(within(rowOf("Partners")).getByText("Cc")).toBeInTheDocument();
    expect(within(rowOf("Dynamic")).getByText("Bcc")).toBeInTheDocument();
  });

  it("speaks French", () => {
    renderTable("fr-FR");
    expect(screen.getByRole("table", { name: "Listes" })).toBeInTheDocument();
    expect(screen.getByText("Décompte de l’annuaire")).toBeInTheDocument();
    expect(screen.getByText("Peut-être périmé")).toBeInTheDocument();
  });

  it("shows a list known only by mail tips between its bounds", () => {
    const verdict = verdictFor(message({ to: [list("x@contoso.com")] }), { lists: [bounded("x@contoso.com", { lower: 10, upper: 20 })] });
    renderWithProviders(<ListTable lists={verdict.audience.lists} />);
    expect(screen.getByText("10–20")).toBeInTheDocument();
  });

  describe("a number read earlier says when", () => {
    const NOW = Date.parse("2026-12-01T12:00:00.000Z");
    const indexed = { ...counted("everyone@contoso.com", 840_000, 0, "Everyone"), source: "index" as const, asOf: "2026-12-01T07:00:00.000Z" };
    const remembered = { ...counted("team@contoso.com", 12, 0, "Team"), asOf: "2026-11-28T09:00:00.000Z" };
    const render = (locale: string, lists = [indexed, remembered]) =>
      renderWithProviders(<ListTable lists={verdictFor(snapshot, { lists }).audience.lists} now={NOW} />, { locale });

    it("names the index and how long ago it counted, as a machine-readable time", () => {
      render("en-US");
      expect(within(rowOf("Everyone")).getByText("Tenant list index")).toBeInTheDocument();
      const age = within(rowOf("Everyone")).getByText("Counted 5 hours ago");
      expect(age.tagName).toBe("TIME");
      expect(age).toHaveAttribute("datetime", "2026-12-01T07:00:00.000Z");
      expect(within(rowOf("Team")).getByText("Counted 3 days ago")).toBeInTheDocument();
      expect(within(rowOf("partners@contoso.com")).queryByText(/^Counted/)).toBeNull();
    });

    it("says it in the person's language", () => {
      render("de-DE");
      expect(within(rowOf("Everyone")).getByText("Gezählt vor 5 Stunden")).toBeInTheDocument();
    });

    it("shows no age for a time it cannot read", () => {
      render("en-US", [{ ...indexed, asOf: "not a time" }]);
      expect(within(rowOf("Everyone")).queryByText(/^Counted/)).toBeNull();
    });
  });
});
