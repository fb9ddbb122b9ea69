/** @jest-environment jsdom */
import { screen, within } from "@testing-library/react";
import { DEFAULT_POLICY, validatePolicy } from "../../src/core/policy";
import type { PolicyProblem } from "../../src/core/policy";
import { PolicyNotice } from "../../src/taskpane/components/PolicyNotice/PolicyNotice";
import { renderWithProviders } from "./renderWithProviders";
import { organisationPolicy } from "./scenarios";

/** The problems the real validator finds in a broken policy.json. */
function problemsOf(document: unknown): PolicyProblem[] {
  const result = validatePolicy(document);
  if (result.ok) throw new Error("expected an invalid policy");
  return result.problems;
}

describe("PolicyNotice", () => {
  it("shows nothing while the organisation's policy is in force", () => {
    const { container } = renderWithProviders(<PolicyNotice policyLoad={organisationPolicy()} />);
    expect(container.querySelector(".ag-PolicyNotice")).toBeNull();
  });

  it("tells the person the defaults apply, and lists every policy problem for IT as path: message", () => {
    const problems = problemsOf({ limits: { reply: { warnAbove: -1 } }, external: "sometimes", trustedDomains: ["x.org"], blockedDomains: ["x.org"] });
    expect(problems.length).toBeGreaterThanOrEqual(2);
    renderWithProviders(<PolicyNotice policyLoad={{ policy: DEFAULT_POLICY, source: "defaults", errorCode: "policy_invalid", problems }} />, { locale: "en-GB" });
    expect(screen.getByText(/built-in defaults are in use/)).toBeInTheDocument();
    const region = screen.getByRole("region", { name: "Details for IT" });
    const items = within(within(region).getByRole("list")).getAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual(problems.map((p) => `${p.path}: ${p.message}`));
    expect(items[0]?.textContent).toContain("limits.reply.warnAbove: expected a whole number ≥ 0 or null");
  });

  it("names the whole file when a problem has no path", () => {
    renderWithProviders(
      <PolicyNotice policyLoad={{ policy: DEFAULT_POLICY, source: "defaults", problems: [{ path: "", message: "expected a JSON object" }] }} />,
    );
    expect(screen.getByRole("listitem")).toHaveTextContent("(the whole file): expected a JSON object");
  });

  it("says the file could not be fetched when there are no problems to list", () => {
    renderWithProviders(<PolicyNotice policyLoad={{ policy: DEFAULT_POLICY, source: "defaults", errorCode: "policy_fetch_failed" }} />);
    expect(screen.getByText("policy.json couldn't be fetched (policy_fetch_failed).")).toBeInTheDocument();
  });

  it("speaks German", () => {
    renderWithProviders(<PolicyNotice policyLoad={{ policy: DEFAULT_POLICY, source: "defaults", problems: problemsOf({ timeoutMs: 5 }) }} />, { locale: "de-DE" });
    expect(screen.getByRole("region", { name: "Details für die IT" })).toHaveTextContent("timeoutMs:");
    expect(screen.getByText(/Standardeinstellungen/)).toBeInTheDocument();
  });
});
