/**
 * The launch-event runtime: like Outlook on the web, a hidden frame that loads the add-in's
 * launch-event page (with the Office shim) and runs the functions it associated with
 * `Office.actions.associate`. Loaded on the first event and kept while the compose window lives.
 */
import type { ShimPort } from "./hostApi";
import { SHIM_GLOBAL } from "./hostApi";

/** How long the page may take to load and associate a handler before the add-in counts as unavailable. */
const ASSOCIATE_TIMEOUT_MS = 15_000;

export class LaunchRuntime {
  private frame: HTMLIFrameElement | undefined;
  private readonly names = new Set<string>();
  private waiters: { name: string; resolve: () => void }[] = [];

  constructor(
    private readonly doc: Document,
    private readonly pagePath: string,
  ) {}

  /** Called by the host when the page associates a function. */
  associated(name: string): void {
    this.names.add(name);
    const ready = this.waiters.filter((w) => w.name === name);
    this.waiters = this.waiters.filter((w) => w.name !== name);
    for (const w of ready) w.resolve();
  }

  /** Loads the page if needed and waits until `name` is associated; false when it never is. */
  async ready(name: string): Promise<boolean> {
    if (!this.frame) this.load();
    if (this.names.has(name)) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        resolve(false);
      }, ASSOCIATE_TIMEOUT_MS);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push({ name, resolve: done });
    });
  }

  /** Runs the associated function `name`; false when the runtime has no such function. */
  fire(name: string, extra: Record<string, unknown>, onCompleted: (optionsJson: string) => void): boolean {
    const win = this.frame?.contentWindow as (Window & Record<string, unknown>) | null | undefined;
    const port = win?.[SHIM_GLOBAL] as ShimPort | undefined;
    return port ? port.fireLaunchEvent(name, JSON.stringify(extra), onCompleted) : false;
  }

  /** Drops the runtime (a new policy, a new item): the next event loads the page afresh. */
  restart(): void {
    this.frame?.remove();
    this.frame = undefined;
    this.names.clear();
  }

  private load(): void {
    const frame = this.doc.createElement("iframe");
    frame.dataset["surface"] = "launchevent";
    frame.title = "Audience Guard event runtime";
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.src = this.pagePath;
    this.doc.body.append(frame);
    this.frame = frame;
  }
}
