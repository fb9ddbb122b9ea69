/// <reference types="office-js" />
/**
 * Outlook's Smart Alerts dialog, as Outlook on the web draws it for `event.completed({ allowEvent:
 * false, … })`: the add-in's name as title, its message, **Don't Send** always, **Send Anyway**
 * only under `sendModeOverride: "promptUser"` (or a PromptUser manifest), and a **Take Action**
 * button, renamed by `cancelLabel`, only when `commandId` names a command
 * (office.smartalertseventcompletedoptions.yml).
 */
import { versionAtLeast } from "./hostApi";
import { renderMarkdown, renderPlainText } from "./markdown";

/** Longest message Outlook shows (office.smartalertseventcompletedoptions.yml). */
export const MAX_MESSAGE_CHARS = 500;
/** Longest `cancelLabel` Outlook accepts. */
export const MAX_CANCEL_LABEL_CHARS = 20;

export type AlertChoice = { kind: "dontSend" } | { kind: "sendAnyway" } | { kind: "takeAction"; commandId: string; contextData: unknown };

export interface AlertInput {
  options: Office.SmartAlertsEventCompletedOptions;
  addinName: string;
  iconUrl: string;
  mailboxVersion: string;
  manifestSendMode: "PromptUser" | "SoftBlock" | "Block";
  /** Reports what Outlook would refuse or ignore. */
  misuse: (message: string) => void;
}

export class SmartAlert {
  private pending: ((choice: AlertChoice) => void) | undefined;

  constructor(private readonly dialog: HTMLDialogElement) {
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      this.finish({ kind: "dontSend" });
    });
  }

  get open(): boolean {
    return this.dialog.open;
  }

  /** Shows the dialog; resolves with the button the person chose (Escape = Don't Send). */
  show(input: AlertInput): Promise<AlertChoice> {
    const { options, addinName, mailboxVersion } = input;
    const misuse = (message: string): void => input.misuse(message);
    const doc = this.dialog.ownerDocument;
    const v114 = versionAtLeast(mailboxVersion, "1.14");
    const v115 = versionAtLeast(mailboxVersion, "1.15");

    const title = doc.createElement("h2");
    title.id = "smart-alert-title";
    const icon = doc.createElement("img");
    icon.src = input.iconUrl;
    icon.alt = "";
    icon.width = 24;
    icon.height = 24;
    title.append(icon, doc.createTextNode(addinName));

    const body = doc.createElement("div");
    body.id = "smart-alert-message";
    body.className = "alert-message";
    const markdown = v115 && typeof options.errorMessageMarkdown === "string" && options.errorMessageMarkdown.trim() !== "" ? options.errorMessageMarkdown : undefined;
    const plain = typeof options.errorMessage === "string" && options.errorMessage.trim() !== "" ? options.errorMessage : undefined;
    const text = markdown ?? plain;
    if (text !== undefined && text.length > MAX_MESSAGE_CHARS) {
      misuse(`${markdown ? "errorMessageMarkdown" : "errorMessage"} has ${text.length} characters; Outlook allows ${MAX_MESSAGE_CHARS}`);
    }
    if (markdown) renderMarkdown(body, markdown.slice(0, MAX_MESSAGE_CHARS));
    else renderPlainText(body, (plain ?? `${addinName} is preventing this email from being sent.`).slice(0, MAX_MESSAGE_CHARS));

    const buttons = doc.createElement("div");
    buttons.className = "alert-buttons";
    const button = (label: string, choice: AlertChoice, primary = false): HTMLButtonElement => {
      const b = doc.createElement("button");
      b.type = "button";
      b.textContent = label;
      if (primary) b.className = "primary";
      b.addEventListener("click", () => this.finish(choice));
      buttons.append(b);
      return b;
    };

    let first: HTMLButtonElement | undefined;
    if (options.commandId !== undefined || options.cancelLabel !== undefined || options.contextData !== undefined) {
      if (!v114) misuse(`commandId, cancelLabel and contextData need Mailbox 1.14; this client supports ${mailboxVersion}, so Outlook ignores them`);
    }
    if (v114 && typeof options.commandId === "string" && options.commandId !== "") {
      let label = "Take Action";
      if (typeof options.cancelLabel === "string" && options.cancelLabel.trim() !== "") {
        if (options.cancelLabel.length > MAX_CANCEL_LABEL_CHARS) misuse(`cancelLabel "${options.cancelLabel}" has ${options.cancelLabel.length} characters; Outlook allows ${MAX_CANCEL_LABEL_CHARS}`);
        label = options.cancelLabel.slice(0, MAX_CANCEL_LABEL_CHARS);
      }
      first = button(label, { kind: "takeAction", commandId: options.commandId, contextData: options.contextData }, true);
    } else if (v114 && options.contextData !== undefined) {
      misuse("contextData without commandId: Outlook ignores it");
    }
    let promptUser = input.manifestSendMode === "PromptUser";
    if (options.sendModeOverride !== undefined) {
      if (!v114) misuse(`sendModeOverride needs Mailbox 1.14; this client supports ${mailboxVersion}`);
      else if (options.sendModeOverride === "promptUser") promptUser = true;
      else misuse(`sendModeOverride "${String(options.sendModeOverride)}" is not supported; the only value is "promptUser"`);
    }
    if (promptUser) {
      const b = button("Send Anyway", { kind: "sendAnyway" });
      first ??= b;
    }
    const dontSend = button("Don't Send", { kind: "dontSend" });
    first ??= dontSend;

    this.dialog.replaceChildren(title, body, buttons);
    this.dialog.setAttribute("aria-labelledby", title.id);
    this.dialog.setAttribute("aria-describedby", body.id);
    this.dialog.showModal();
    first.focus();
    return new Promise((resolve) => {
      this.pending = resolve;
    });
  }

  private finish(choice: AlertChoice): void {
    if (this.dialog.open) this.dialog.close();
    const resolve = this.pending;
    this.pending = undefined;
    resolve?.(choice);
  }
}
