import { CLIENT_PROFILES } from "../clients/profiles";
import type { PageConfig, SimComposeType } from "./page/pageConfig";
import { CONFIG_ELEMENT_ID } from "./page/pageConfig";

/** The simulated Outlook compose window (page/compose.ts brings it to life). */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** JSON inside a <script> element: `<` escaped so that no "</script>" can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

const COMPOSE_TYPES: [SimComposeType, string][] = [
  ["new", "New"],
  ["reply", "Reply"],
  ["replyAll", "Reply all"],
  ["forward", "Forward"],
];

/**
 * The "Outlook client" selector: the same profiles the client harness and the benchmark use, Outlook
 * on the web first (the default, as before).
 */
const CLIENTS: [string, string][] = [...CLIENT_PROFILES.filter((p) => p.id === "web"), ...CLIENT_PROFILES.filter((p) => p.id !== "web")].map((profile) => [profile.id, profile.name]);

function field(id: string, label: string): string {
  return `<div class="field">
        <label for="field-${id}">${label}</label>
        <div class="field-input">
          <input id="field-${id}" type="text" autocomplete="off" spellcheck="false" aria-describedby="chips-${id}">
          <ul id="chips-${id}" class="chips"></ul>
        </div>
      </div>`;
}

export function composePageHtml(config: PageConfig): string {
  const { manifest, addressBook } = config;
  const e = escapeHtml;
  const directoryRows = addressBook.entries
    .map((entry) => {
      const kind = entry.kind === "group" ? "list" : entry.kind === "user" ? "person" : entry.kind;
      return `<tr><td>${e(entry.displayName ?? "")}</td><td><code>${e(entry.mail)}</code></td><td>${e(kind)}${entry.note ? ` (${e(entry.note)})` : ""}</td></tr>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Outlook compose (simulated) with ${e(manifest.addinName)}</title>
  <link rel="icon" href="${e(manifest.button.iconUrl)}">
  <link rel="stylesheet" href="/simulator/compose.css">
</head>
<body>
  <header>
    <div class="app-bar">
      <span class="app-name">Outlook</span>
      <span class="app-note">Simulated compose window for testing ${e(manifest.addinName)}: not Microsoft Outlook. Scenario: ${e(config.scenarioName)}</span>
    </div>
  <div class="ribbon" role="toolbar" aria-label="Message ribbon">
    <div class="ribbon-group" role="group" aria-labelledby="ribbon-group-label">
      <button id="open-pane" type="button" class="ribbon-button" aria-pressed="false" title="${e(manifest.button.title)}: ${e(manifest.button.tooltip)}">
        <img src="${e(manifest.button.iconUrl)}" alt="" width="32" height="32">
        <span>${e(manifest.button.label)}</span>
      </button>
      <span id="ribbon-group-label" class="ribbon-group-label">${e(manifest.button.groupLabel)}</span>
    </div>
  </div>
  </header>
  <div class="layout">
    <main class="compose-column">
      <section class="compose" aria-labelledby="compose-heading">
        <h1 id="compose-heading" class="visually-hidden">Message</h1>
        <div class="send-row">
          <button id="send" type="button" class="primary send-button">Send</button>
          <p id="send-status" class="send-status" role="status"></p>
        </div>
        <div class="field">
          <span class="field-label">From</span>
          <p class="from">${e(config.userName)} &lt;${e(config.message.from)}&gt;</p>
        </div>
        ${field("to", "To")}
        ${field("cc", "Cc")}
        ${field("bcc", "Bcc")}
        <div class="field">
          <label for="compose-type">Compose type</label>
          <div class="field-input"><select id="compose-type">${COMPOSE_TYPES.map(([v, l]) => `<option value="${v}">${l}</option>`).join("")}</select></div>
        </div>
        <div class="field">
          <label for="subject">Subject</label>
          <div class="field-input"><input id="subject" type="text" autocomplete="off"></div>
        </div>
        <label for="body" class="visually-hidden">Message body</label>
        <textarea id="body" class="body" rows="6"></textarea>
      </section>
      <section class="sent" aria-labelledby="sent-heading">
        <h2 id="sent-heading">Sent items</h2>
        <p id="sent-empty" class="sent-empty">Nothing sent yet.</p>
        <ol id="sent-list" class="sent-list"></ol>
      </section>
    </main>
    <section id="taskpane" class="taskpane" aria-label="${e(manifest.addinName)}" hidden>
      <div class="pane-header">
        <h2>${e(manifest.addinName)}</h2>
        <button id="close-pane" type="button" class="icon-button" aria-label="Close ${e(manifest.addinName)}" title="Close">×</button>
      </div>
      <iframe id="taskpane-frame" data-surface="taskpane" title="${e(manifest.addinName)}" src="about:blank"></iframe>
    </section>
    <aside class="simulator" aria-labelledby="simulator-heading">
      <h2 id="simulator-heading">Simulator</h2>
      <div class="sim-block">
        <label for="client">Outlook client</label>
        <select id="client">${CLIENTS.map(([v, l]) => `<option value="${v}">${e(l)}</option>`).join("")}</select>
        <div class="sim-buttons">
          <button id="new-message" type="button">New message</button>
          <button id="reset-message" type="button">Scenario message</button>
        </div>
      </div>
      <div class="sim-block">
        <h3>Organisation policy, served as /policy.json</h3>
        <label for="policy">Policy</label>
        <textarea id="policy" class="policy" spellcheck="false" rows="18" aria-describedby="policy-status"></textarea>
        <p id="policy-status" class="policy-status" role="status"></p>
        <ul id="policy-problems" class="policy-problems" aria-label="Problems found" hidden></ul>
        <div class="sim-buttons">
          <button id="apply-policy" type="button" disabled>Apply policy</button>
          <button id="scenario-policy" type="button">Scenario policy</button>
        </div>
        <p id="policy-result" class="policy-result" role="alert"></p>
      </div>
      <details class="sim-block">
        <summary>Directory (${addressBook.entries.length} entries)</summary>
        <table class="directory">
          <thead><tr><th scope="col">Name</th><th scope="col">Address</th><th scope="col">Kind</th></tr></thead>
          <tbody>${directoryRows}</tbody>
        </table>
      </details>
      <section class="sim-block" aria-labelledby="log-heading">
        <h3 id="log-heading">Event log</h3>
        <ol id="event-log" class="event-log" tabindex="0" aria-labelledby="log-heading"></ol>
      </section>
    </aside>
  </div>
  <dialog id="smart-alert" class="smart-alert"></dialog>
  <script type="application/json" id="${CONFIG_ELEMENT_ID}">${scriptJson(config)}</script>
  <script src="/simulator/compose.js"></script>
</body>
</html>
`;
}
