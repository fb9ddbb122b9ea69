/**
 * The policy side panel: the policy JSON in a text box, validated as it is typed with the engine's
 * own `validatePolicy`, every problem listed with its JSON path. An invalid document cannot be
 * applied (the button is disabled, and the server validates again); a valid one is POSTed to the
 * simulator, which serves it as /policy.json for the add-in's next check. The server keeps an applied
 * policy until it stops, through reloads of the page: the editor then says that the policy in use is
 * not the scenario's, and **Scenario policy** puts the scenario's back.
 */
import { validatePolicy, type PolicyProblem } from "../../../src/core/policy";

export interface PolicyEditorElements {
  textarea: HTMLTextAreaElement;
  status: HTMLElement;
  problems: HTMLUListElement;
  apply: HTMLButtonElement;
  /** Puts the scenario's own policy back (and applies it). */
  restore: HTMLButtonElement;
  result: HTMLElement;
}

/** The policy the server serves now, and the scenario's own. */
export interface PolicyTexts {
  served: string;
  scenario: string;
}

/** Parses and validates the text; every problem with its path ("" for the whole document). */
export function checkPolicyText(text: string): PolicyProblem[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return [{ path: "", message: `not valid JSON: ${(error as Error).message}` }];
  }
  const result = validatePolicy(document);
  return result.ok ? [] : result.problems;
}

export function problemText(problem: PolicyProblem): string {
  return problem.path === "" ? problem.message : `${problem.path}: ${problem.message}`;
}

export class PolicyEditor {
  private applied: string;
  private readonly scenario: string;

  constructor(
    private readonly el: PolicyEditorElements,
    texts: PolicyTexts,
    private readonly onApplied: () => void,
  ) {
    this.applied = texts.served;
    this.scenario = texts.scenario;
    el.textarea.value = texts.served;
    el.textarea.addEventListener("input", () => this.check());
    el.apply.addEventListener("click", () => void this.apply());
    el.restore.addEventListener("click", () => {
      el.textarea.value = this.scenario;
      void this.apply();
    });
    this.check();
    if (texts.served !== texts.scenario) {
      el.result.textContent =
        "A policy applied earlier is still in use: the simulator keeps it until it stops, through reloads. Scenario policy puts the scenario's back.";
    }
  }

  private check(): PolicyProblem[] {
    const { textarea, status, problems, apply, result } = this.el;
    const found = checkPolicyText(textarea.value);
    problems.replaceChildren(
      ...found.map((p) => {
        const li = problems.ownerDocument.createElement("li");
        li.textContent = problemText(p);
        return li;
      }),
    );
    problems.hidden = found.length === 0;
    textarea.setAttribute("aria-invalid", found.length > 0 ? "true" : "false");
    const changed = textarea.value !== this.applied;
    apply.disabled = found.length > 0 || !changed;
    this.el.restore.disabled = this.applied === this.scenario && !changed;
    if (found.length > 0) {
      status.textContent = `${found.length === 1 ? "1 problem" : `${found.length} problems`}: this policy cannot be applied.`;
      status.className = "policy-status invalid";
    } else {
      status.textContent = changed ? "Valid. Apply it to use it for the next check." : "Valid. This is the policy the add-in gets from /policy.json.";
      status.className = "policy-status valid";
    }
    if (changed) result.textContent = "";
    return found;
  }

  private async apply(): Promise<void> {
    const { textarea, result } = this.el;
    const text = textarea.value;
    if (this.check().length > 0) return;
    const response = await fetch("/simulator/api/policy", { method: "POST", headers: { "Content-Type": "application/json" }, body: text });
    const answer = (await response.json()) as { ok: boolean; problems?: PolicyProblem[] };
    if (response.ok && answer.ok) {
      this.applied = text;
      this.check();
      result.textContent =
        text === this.scenario
          ? "The scenario's policy is back in use."
          : "Policy applied. The add-in's next check uses it; the simulator keeps it, through reloads, until it stops.";
      this.onApplied();
    } else {
      result.textContent = `The simulator refused this policy: ${(answer.problems ?? []).map(problemText).join("; ")}`;
    }
  }
}
