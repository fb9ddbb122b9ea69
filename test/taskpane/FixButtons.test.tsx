/** @jest-environment jsdom */
import { screen } from "@testing-library/react";
import type { Fix } from "../../src/core/evaluate";
import { FixButtons } from "../../src/taskpane/components/FixButtons/FixButtons";
import { renderWithProviders } from "./renderWithProviders";
import { everyone, mixedOutsiders, outsidersPolicy, replyToEveryone, verdictFor } from "./scenarios";

const fixes = verdictFor(mixedOutsiders, { policy: outsidersPolicy }).fixes;

describe("FixButtons", () => {
  it("puts the fix the Send alert offered first, focuses it and explains it", async () => {
    const onApply = jest.fn<void, [Fix]>();
    const last = fixes[fixes.length - 1];
    if (!last || fixes.length < 2) throw new Error("the scenario needs several fixes");
    const { user } = renderWithProviders(<FixButtons fixes={fixes} focus={last.code} explanation="Why it matters." onApply={onApply} />);
    const focused = screen.getByRole("button", { name: last.label });
    expect(screen.getAllByRole("button")[0]).toBe(focused);
    expect(focused).toHaveFocus();
    expect(focused).toHaveAccessibleDescription("Why it matters. This is the fix the Send alert offered. Press it to change the recipients, then send again.");
    await user.keyboard("{Enter}");
    expect(onApply).toHaveBeenCalledWith(last);
  });

  it("ignores a focus for a fix the verdict does not offer", () => {
    renderWithProviders(<FixButtons fixes={fixes.slice(0, 1)} focus="reply-to-sender-only" onApply={jest.fn()} />);
    expect(screen.getAllByRole("button")[0]).not.toHaveFocus();
    expect(screen.queryByText(/Send alert offered/)).toBeNull();
  });

  it("offers each fix as a real button under a heading, the first as the primary one", () => {
    renderWithProviders(<FixButtons fixes={fixes} onApply={jest.fn()} />);
    expect(screen.getByRole("heading", { level: 2, name: "Fix it" })).toBeInTheDocument();
    const buttons = screen.getAllByRole("button");
    expect(buttons.map((b) => b.textContent)).toEqual(fixes.map((f) => f.label));
    expect(buttons.map((b) => b.textContent)).toEqual(expect.arrayContaining(["Remove blocked recipients", "Remove look-alike addresses", "Remove external recipients"]));
    expect(buttons[0]).toHaveClass("fui-Button");
  });

  it("applies the fix that was clicked, with the keyboard too", async () => {
    const onApply = jest.fn<void, [Fix]>();
    const { user } = renderWithProviders(<FixButtons fixes={fixes} onApply={onApply} />);
    await user.click(screen.getByRole("button", { name: "Remove external recipients" }));
    expect(onApply).toHaveBeenLastCalledWith(fixes.find((f) => f.code === "remove-external"));
    onApply.mockClear();
    (document.activeElement as HTMLElement | null)?.blur();
    await user.tab();
    expect(screen.getAllByRole("button")[0]).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(onApply).toHaveBeenLastCalledWith(fixes[0]);
    await user.tab();
    await user.keyboard(" ");
    expect(onApply).toHaveBeenLastCalledWith(fixes[1]);
  });

  it("shows a spinner on the fix being applied and keeps every button disabled but focusable", async () => {
    const onApply = jest.fn();
    const { user } = renderWithProviders(<FixButtons fixes={fixes} fixStatus={{ "remove-blocked": { state: "applying" } }} onApply={onApply} />);
    const busy = screen.getByRole("button", { name: "Remove blocked recipients" });
    expect(busy).toHaveAttribute("aria-busy", "true");
    expect(busy.querySelector(".fui-Spinner")).not.toBeNull();
    for (const button of screen.getAllByRole("button")) expect(button).toHaveAttribute("aria-disabled", "true");
    await user.click(screen.getByRole("button", { name: "Remove external recipients" }));
    expect(onApply).not.toHaveBeenCalled();
  });

  it("disables the fixes while the verdict is out of date", () => {
    renderWithProviders(<FixButtons fixes={fixes} disabled onApply={jest.fn()} />);
    for (const button of screen.getAllByRole("button")) expect(button).toHaveAttribute("aria-disabled", "true");
  });

  it("says in plain words that a fix failed, tied to its button", () => {
    renderWithProviders(<FixButtons fixes={fixes} fixStatus={{ "remove-external": { state: "failed", code: "office_call_failed" } }} onApply={jest.fn()} />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("The recipients couldn't be changed. Try again, or change them yourself.");
    expect(screen.getByRole("button", { name: "Remove external recipients" })).toHaveAccessibleDescription(alert.textContent ?? "");
  });

  it("labels the fixes in the verdict's language", () => {
    const german = verdictFor(replyToEveryone, { lists: [everyone], locale: "de-DE" }).fixes;
    renderWithProviders(<FixButtons fixes={german} onApply={jest.fn()} />, { locale: "de-DE" });
    expect(screen.getByRole("heading", { name: "Beheben" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Nur dem Absender antworten" })).toBeInTheDocument();
  });
});
