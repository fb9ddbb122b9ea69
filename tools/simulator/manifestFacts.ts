import { DOMParser, type Element } from "@xmldom/xmldom";
import type { ManifestFacts } from "./page/pageConfig";

/**
 * Reads what the simulated Outlook needs from the built add-in-only manifest (dist/manifest.xml):
 * the add-in's name, the compose button, the launch events and their functions, the send mode, and
 * the origin every URL was built for (so the server can serve the pages on its own origin).
 */
export interface ManifestReading {
  facts: ManifestFacts;
  /** The origin the build targeted, e.g. "https://localhost:3000". */
  origin: string;
}

function children(parent: Element, localName: string): Element[] {
  const found: Element[] = [];
  const all = parent.getElementsByTagName("*");
  for (let i = 0; i < all.length; i++) {
    const el = all.item(i);
    if (el && el.localName === localName) found.push(el);
  }
  return found;
}

function first(parent: Element, localName: string): Element | undefined {
  return children(parent, localName)[0];
}

export function readManifest(xml: string): ManifestReading {
  const doc = new DOMParser().parseFromString(xml, "text/xml");
  const root = doc.documentElement;
  if (!root) throw new Error("manifest.xml has no root element");

  const resources = new Map<string, string>();
  for (const el of [...children(root, "Url"), ...children(root, "Image"), ...children(root, "String")]) {
    const id = el.getAttribute("id");
    const value = el.getAttribute("DefaultValue");
    if (id && value !== null) resources.set(id, value);
  }
  const resource = (el: Element | undefined): string => resources.get(el?.getAttribute("resid") ?? "") ?? "";

  const addinName = first(root, "DisplayName")?.getAttribute("DefaultValue") ?? "Add-in";

  const control = children(root, "Control").find((c) => first(c, "Action")?.getAttribute("xsi:type") === "ShowTaskpane");
  if (!control) throw new Error("manifest.xml has no task pane button (Control with a ShowTaskpane action)");
  const group = control.parentNode as Element | null;
  const taskpaneUrl = resource(first(first(control, "Action") as Element, "SourceLocation"));
  const icons = children(first(control, "Icon") as Element, "Image");
  const icon = icons.find((i) => i.getAttribute("size") === "32") ?? icons[0];

  const launchEvents: Record<string, string> = {};
  let sendMode: ManifestFacts["sendMode"] = "SoftBlock";
  for (const ev of children(root, "LaunchEvent")) {
    const type = ev.getAttribute("Type");
    const fn = ev.getAttribute("FunctionName");
    if (type && fn) launchEvents[type] = fn;
    if (type === "OnMessageSend") {
      const mode = ev.getAttribute("SendMode");
      if (mode === "PromptUser" || mode === "SoftBlock" || mode === "Block") sendMode = mode;
    }
  }
  const runtime = first(root, "Runtime");
  const launchEventUrl = resources.get(runtime?.getAttribute("resid") ?? "") ?? "";
  if (!launchEventUrl) throw new Error("manifest.xml has no launch-event runtime page");

  const origin = new URL(taskpaneUrl).origin;
  const path = (url: string): string => {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  };
  return {
    origin,
    facts: {
      addinName,
      button: {
        controlId: control.getAttribute("id") ?? "",
        groupLabel: group ? resource(first(group, "Label")) || addinName : addinName,
        label: resource(first(control, "Label")),
        title: resource(first(control, "Title")),
        tooltip: resource(first(control, "Description")),
        iconUrl: icon ? path(resources.get(icon.getAttribute("resid") ?? "") ?? "") : "",
      },
      launchEvents,
      sendMode,
      launchEventPage: path(launchEventUrl),
      taskpanePage: path(taskpaneUrl),
    },
  };
}
