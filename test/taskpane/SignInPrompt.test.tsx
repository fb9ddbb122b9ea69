/** @jest-environment jsdom */
import { act, screen } from "@testing-library/react";
import { SignInPrompt } from "../../src/taskpane/components/SignInPrompt/SignInPrompt";
import { renderWithProviders } from "./renderWithProviders";
import { deferred } from "./scenarios";

/** Runs `fn` inside `act` and lets the promises it settles run their callbacks. */
async function settle(fn: () => unknown): Promise<void> {
  await act(async () => {
    fn();
    await Promise.resolve();
  });
}

describe("SignInPrompt", () => {
  it("signs in, shows progress, then lets the pane check again", async () => {
    const signIn = deferred<void>();
    const onSignIn = jest.fn(() => signIn.promise);
    const onSignedIn = jest.fn();
    const { user } = renderWithProviders(<SignInPrompt onSignIn={onSignIn} onSignedIn={onSignedIn} />);
    expect(screen.getByText("Sign in so Audience Guard can count the people in your lists.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    const busy = screen.getByRole("button", { name: "Signing in…" });
    expect(busy).toHaveAttribute("aria-disabled", "true");
    await user.click(busy);
    expect(onSignIn).toHaveBeenCalledTimes(1);
    await settle(() => signIn.resolve());
    expect(onSignedIn).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("button", { name: "Sign in" })).not.toHaveAttribute("aria-disabled");
  });

  it("says so when sign-in does not finish, and can be tried again", async () => {
    const onSignIn = jest.fn().mockRejectedValueOnce(new Error("user_cancelled")).mockResolvedValueOnce(undefined);
    const onSignedIn = jest.fn();
    const { user } = renderWithProviders(<SignInPrompt onSignIn={onSignIn} onSignedIn={onSignedIn} />);
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByText("Sign-in didn't finish. Try again.")).toBeInTheDocument();
    expect(onSignedIn).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(onSignedIn).toHaveBeenCalledTimes(1);
    expect(screen.queryByText("Sign-in didn't finish. Try again.")).not.toBeInTheDocument();
  });
});
