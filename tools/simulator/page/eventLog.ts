/**
 * The simulator's event log: what Outlook did with the add-in (events fired, `completed` options,
 * tokens issued, Graph requests) and every mistake the add-in made, newest first. Also kept on
 * `window.__outlookSimulator` for tests.
 */

export type LogLevel = "info" | "error";

export interface LogEntry {
  at: number;
  level: LogLevel;
  text: string;
}

export class EventLog {
  readonly entries: LogEntry[] = [];
  private readonly started = performance.now();

  constructor(private readonly list: HTMLOListElement) {}

  add(level: LogLevel, text: string): void {
    const entry = { at: Math.round(performance.now() - this.started), level, text };
    this.entries.push(entry);
    const li = this.list.ownerDocument.createElement("li");
    li.className = `log-${level}`;
    const time = this.list.ownerDocument.createElement("span");
    time.className = "log-time";
    time.textContent = `${(entry.at / 1000).toFixed(1)} s`;
    li.append(time, this.list.ownerDocument.createTextNode(level === "error" ? ` Add-in problem: ${text}` : ` ${text}`));
    this.list.prepend(li);
    while (this.list.children.length > 200) this.list.lastElementChild?.remove();
    if (level === "error") console.warn(`[simulator] ${text}`);
  }

  get errors(): string[] {
    return this.entries.filter((e) => e.level === "error").map((e) => e.text);
  }
}
