/** @jest-environment jsdom */
import { screen } from "@testing-library/react";
import { CheckStatus } from "../../src/taskpane/components/CheckStatus/CheckStatus";
import { renderWithProviders } from "./renderWithProviders";

describe("CheckStatus", () => {
  it("shows a spinner with words while the first check runs", () => {
    renderWithProviders(<CheckStatus status="loading" checking onRetry={jest.fn()} />);
    expect(screen.getByRole("progressbar")).toBeInTheDocument();
    expect(screen.getByText("Checking who this message reaches…")).toBeInTheDocument();
  });

  it("says it is updating while a newer check runs", () => {
    renderWithProviders(<CheckStatus status="ready" checking onRetry={jest.fn()} />);
    expect(screen.getByText("Updating…")).toBeInTheDocument();
  });

  it("says the recipients are being changed while a fix is applied", () => {
    renderWithProviders(<CheckStatus status="ready" checking applyingFix onRetry={jest.fn()} />);
    expect(screen.getByText("Changing the recipients…")).toBeInTheDocument();
  });

  it("shows nothing when idle", () => {
    const { container } = renderWithProviders(<CheckStatus status="ready" onRetry={jest.fn()} />);
    expect(container.querySelector(".ag-CheckStatus")).toBeNull();
  });

  it.each([
    ["read", "Audience Guard couldn't read the recipients of this message."],
    ["check", "Audience Guard couldn't finish checking this message."],
  ] as const)("explains a failed %s in plain words and offers to try again", async (kind, text) => {
    const onRetry = jest.fn();
    const { user } = renderWithProviders(<CheckStatus status="failed" problem={{ kind, code: "office_call_failed" }} onRetry={onRetry} />);
    expect(screen.getByText(text)).toBeInTheDocument();
    expect(screen.queryByText(/office_call_failed/)).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it("speaks Spanish", () => {
    renderWithProviders(<CheckStatus status="loading" checking onRetry={jest.fn()} />, { locale: "es-ES" });
    expect(screen.getByText("Comprobando a quién llega este mensaje…")).toBeInTheDocument();
  });
});
