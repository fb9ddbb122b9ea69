import type { AddressBook } from "./addressBook";
import type { RecipientDetails } from "./hostApi";

/** The compose types the simulator's selector offers (CONTRACT.md §3 `composeType`). */
export type SimComposeType = "new" | "reply" | "replyAll" | "forward";

/** What the add-in's manifest says that the simulated Outlook needs (read from dist/manifest.xml). */
export interface ManifestFacts {
  /** `DisplayName`: the Smart Alert's title and the task pane's header. */
  addinName: string;
  /** The compose button (`Control` with a `ShowTaskpane` action). */
  button: { controlId: string; groupLabel: string; label: string; title: string; tooltip: string; iconUrl: string };
  /** `LaunchEvent` Type → FunctionName. */
  launchEvents: Record<string, string>;
  /** `SendMode` of OnMessageSend. */
  sendMode: "PromptUser" | "SoftBlock" | "Block";
  /** The runtime page of the launch events, as a path on the simulator's origin. */
  launchEventPage: string;
  /** The task pane page, as a path on the simulator's origin. */
  taskpanePage: string;
}

/** Everything the compose page starts from, embedded in the page by the server. */
export interface PageConfig {
  manifest: ManifestFacts;
  scenarioName: string;
  message: {
    composeType: SimComposeType;
    from: string;
    to: RecipientDetails[];
    cc: RecipientDetails[];
    bcc: RecipientDetails[];
    subject: string;
    body: string;
  };
  userName: string;
  addressBook: AddressBook;
  /** The policy document currently served at /policy.json. */
  policyText: string;
  /**
   * The scenario's own policy. When `policyText` differs, a policy applied earlier has outlived a
   * reload of the page (the server keeps it until it stops), and the editor says so.
   */
  scenarioPolicyText: string;
  /** `item.inReplyTo` of every reply: the message the fake Graph server holds for the original-sender lookup. */
  inReplyTo: string;
  /** What nested app authentication hands out, and the fake Graph server requires. */
  accessToken: string;
  tenantId: string;
}

export const CONFIG_ELEMENT_ID = "simulator-config";
