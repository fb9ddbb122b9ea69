/**
 * The policy side panel: the policy JSON in a text box, validated as it is typed with the engine's
 * own `validatePolicy`, every problem listed with its JSON path. An invalid document cannot be
 * applied (the button is disabled, and the server validates again); a valid one is POSTed to the
 * simulator, which serves it as /policy.json for the add-in's next check.
 */
import { validatePolicy, type PolicyProblem } from "../../../src/core/policy";

export interface PolicyEditorElements {
  textarea: HTMLTextAreaElement;
  status: HTMLElement;
  problems: HTMLUListElement;
  apply: HTMLButtonElement;
  result: HTMLElement;
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

  constructor(
    private readonly el: PolicyEditorElements,
    initialText: string,
    private readonly onApplied: () => void,
  ) {
    this.applied = initialText;
    el.textarea.value = initialText;
    el.textarea.addEventListener("input", () => this.check());
    el.apply.addEventListener("click", () => void this.apply());
    this.check();
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
      result.textContent = "Policy applied. The add-in's next check uses it.";
      this.onApplied();
    } else {
      result.textContent = `The simulator refused this policy: ${(answer.problems ?? []).map(problemText).join("; ")}`;
    }
  }
}
