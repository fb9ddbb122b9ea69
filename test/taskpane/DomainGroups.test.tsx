/** @jest-environment jsdom */
import { screen, within } from "@testing-library/react";
import { DomainGroups } from "../../src/taskpane/components/DomainGroups/DomainGroups";
import { renderWithProviders } from "./renderWithProviders";
import { mixedOutsiders, outsidersPolicy, smallNote, verdictFor } from "./scenarios";

describe("DomainGroups", () => {
  it("groups the outside domains under headings, most serious first", () => {
    renderWithProviders(<DomainGroups verdict={verdictFor(mixedOutsiders, { policy: outsidersPolicy })} policy={outsidersPolicy} />);
    const region = screen.getByRole("region", { name: "Domains outside your organization" });
    expect(within(region).getAllByRole("heading", { level: 3 }).map((h) => h.textContent)).toEqual(["Blocked", "Look-alikes", "External", "Trusted"]);
    expect(within(screen.getByRole("list", { name: "Blocked" })).getByText("gmail.com")).toBeInTheDocument();
    expect(within(screen.getByRole("list", { name: "Look-alikes" })).getByText("c0ntoso.com")).toBeInTheDocument();
    expect(within(screen.getByRole("list", { name: "External" })).getByText("example.org")).toBeInTheDocument();
    expect(within(screen.getByRole("list", { name: "Trusted" })).getByText("partner.org")).toBeInTheDocument();
  });

  it("shows internationalised domains as typed, a look-alike with its encoded form beside it", () => {
    const verdict = verdictFor(
      { ...smallNote, cc: [{ emailAddress: "a@bücher.de" }, { emailAddress: "b@contoso.cоm" }] },
      { policy: outsidersPolicy },
    );
    renderWithProviders(<DomainGroups verdict={verdict} policy={outsidersPolicy} />);
    expect(within(screen.getByRole("list", { name: "External" })).getByText("bücher.de")).toBeInTheDocument();
    expect(within(screen.getByRole("list", { name: "Look-alikes" })).getByText("contoso.cоm (contoso.xn--cm-fmc)")).toBeInTheDocument();
  });

  it("leaves out empty groups", () => {
    const verdict = verdictFor({ ...smallNote, cc: [{ emailAddress: "pat@partner.org", recipientType: "user" }] }, { policy: outsidersPolicy });
    renderWithProviders(<DomainGroups verdict={verdict} policy={outsidersPolicy} />);
    expect(screen.getAllByRole("heading", { level: 3 }).map((h) => h.textContent)).toEqual(["Trusted"]);
  });

  it("renders nothing when everyone is inside the organisation", () => {
    const { container } = renderWithProviders(<DomainGroups verdict={verdictFor(smallNote)} policy={outsidersPolicy} />);
    expect(screen.queryByRole("region")).not.toBeInTheDocument();
    expect(container.querySelector(".ag-DomainGroups")).toBeNull();
  });

  it("speaks Spanish", () => {
    renderWithProviders(<DomainGroups verdict={verdictFor(mixedOutsiders, { policy: outsidersPolicy })} policy={outsidersPolicy} />, { locale: "es-ES" });
    expect(screen.getByRole("list", { name: "Bloqueados" })).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Imitaciones" })).toBeInTheDocument();
  });
});
