/**
 * Reads, from the add-in only (XML) manifest, the facts that the unified manifest for Microsoft 365
 * restates (tools/manifest/unifiedManifest.ts), so that manifest.xml stays the one source of truth.
 *
 * Elements are matched by local name, as in manifestChecks.ts; `resid` values resolve through every
 * `<Resources>` of the manifest (their ids are unique: `checkManifest` reports duplicates). Only the
 * default values are read: the locale overrides have no place in a single-language unified manifest.
 */
import { DOMParser } from "@xmldom/xmldom";
import type { Element as XmlElement, Node as XmlNode } from "@xmldom/xmldom";

/** An icon of a ribbon control: its stated pixel size and URL. */
export interface XmlIcon {
  size: number;
  url: string;
}

/** A `<Control xsi:type="Button">` whose action shows a task pane. */
export interface XmlTaskpaneButton {
  id: string;
  label: string;
  title: string;
  description: string;
  icons: XmlIcon[];
  /** The task pane page (`<Action xsi:type="ShowTaskpane"><SourceLocation>`). */
  taskpaneUrl: string;
}

/** A group of buttons on a command surface. */
export interface XmlGroup {
  id: string;
  label: string;
  buttons: XmlTaskpaneButton[];
}

/** One `<ExtensionPoint>` that puts commands on a ribbon. */
export interface XmlCommandSurface {
  /** The extension point's xsi:type, e.g. `MessageComposeCommandSurface`. */
  type: string;
  /** The `<OfficeTab id>` (a built-in tab) the groups go on. */
  tabId: string;
  groups: XmlGroup[];
}

/** One `<LaunchEvent>`. */
export interface XmlLaunchEvent {
  type: string;
  functionName: string;
  sendMode?: string;
}

/** What the unified manifest needs to know about the XML manifest. */
export interface XmlFacts {
  id: string;
  /** Four-part manifest version, e.g. `0.1.0.0`. */
  version: string;
  providerName: string;
  defaultLocale: string;
  displayName: string;
  description: string;
  supportUrl: string;
  /** `<Permissions>`, e.g. `ReadWriteItem`. */
  permissions: string;
  /** `<Hosts><Host Name>`, e.g. `["Mailbox"]`. */
  hosts: string[];
  /** `<Requirements><Sets><Set>` of the base manifest. */
  requirementSets: Array<{ name: string; minVersion?: string }>;
  /** `<bt:Sets DefaultMinVersion>` of the VersionOverrides that declares the launch events. */
  launchEventMinVersion?: string;
  launchEvents: XmlLaunchEvent[];
  commandSurfaces: XmlCommandSurface[];
  /**
   * Features this reader does not translate (e.g. an ExecuteFunction button, a custom tab, a
   * mobile form factor): the unified manifest must not silently drop them.
   */
  unsupported: string[];
}

const XSI = "http://www.w3.org/2001/XMLSchema-instance";

function isElement(node: XmlNode): node is XmlElement {
  return node.nodeType === 1;
}

function children(el: XmlElement, localName?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let i = 0; i < el.childNodes.length; i++) {
    const node = el.childNodes.item(i);
    if (node && isElement(node) && (localName === undefined || node.localName === localName)) out.push(node);
  }
  return out;
}

function descendants(el: XmlElement, localName: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const child of children(e)) {
      if (child.localName === localName) out.push(child);
      walk(child);
    }
  };
  walk(el);
  return out;
}

function attr(el: XmlElement | undefined, name: string): string | undefined {
  return el?.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined;
}

function xsiType(el: XmlElement): string | undefined {
  const value = el.getAttributeNS(XSI, "type") ?? el.getAttribute("xsi:type");
  return value ? value.slice(value.indexOf(":") + 1) : undefined;
}

function text(el: XmlElement | undefined): string {
  return (el?.textContent ?? "").trim();
}

/** Thrown when the XML lacks something the unified manifest needs. */
export class UnifiedXmlError extends Error {
  override readonly name = "UnifiedXmlError";
}

/**
 * Reads the facts. Assumes a manifest that passes `checkManifest` (call it first); still throws
 * {@link UnifiedXmlError} for a missing element or an unresolved `resid`, never returns a guess.
 */
export function readXmlFacts(xml: string): XmlFacts {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(xml, "text/xml");
  const root = doc.documentElement;
  if (!root || errors.length > 0) throw new UnifiedXmlError(`manifest.xml is not well-formed: ${errors.join("; ")}`);

  const required = (localName: string): XmlElement => {
    const el = children(root, localName)[0];
    if (!el) throw new UnifiedXmlError(`<OfficeApp> has no <${localName}>`);
    return el;
  };
  const defaultValue = (localName: string): string => {
    const value = attr(required(localName), "DefaultValue");
    if (!value) throw new UnifiedXmlError(`<${localName}> has no DefaultValue`);
    return value;
  };

  const resources = new Map<string, string>();
  for (const group of descendants(root, "Resources").flatMap((r) => children(r))) {
    for (const item of children(group)) {
      const id = attr(item, "id");
      const value = attr(item, "DefaultValue");
      if (id !== undefined && value !== undefined) resources.set(id, value);
    }
  }
  const resolve = (el: XmlElement | undefined, what: string): string => {
    const resid = attr(el, "resid");
    const value = resid === undefined ? undefined : resources.get(resid);
    if (value === undefined) throw new UnifiedXmlError(`${what}: resid "${resid ?? ""}" names no resource`);
    return value;
  };

  const unsupported: string[] = [];
  const commandSurfaces: XmlCommandSurface[] = [];
  let launchEventMinVersion: string | undefined;
  const launchEvents: XmlLaunchEvent[] = [];

  for (const formFactor of descendants(root, "MobileFormFactor")) {
    unsupported.push(`<${formFactor.localName}>`);
  }
  for (const point of descendants(root, "ExtensionPoint")) {
    const type = xsiType(point) ?? "";
    if (point.parentNode && isElement(point.parentNode) && point.parentNode.localName !== "DesktopFormFactor") continue;
    if (type === "LaunchEvent") {
      for (const ev of descendants(point, "LaunchEvent")) {
        launchEvents.push({
          type: attr(ev, "Type") ?? "",
          functionName: attr(ev, "FunctionName") ?? "",
          ...(attr(ev, "SendMode") !== undefined ? { sendMode: attr(ev, "SendMode") } : {}),
        });
      }
      // The nearest VersionOverrides' <bt:Sets DefaultMinVersion> is what the events require.
      for (let p = point.parentNode; p && isElement(p); p = p.parentNode) {
        if (p.localName !== "VersionOverrides") continue;
        launchEventMinVersion = attr(descendants(p, "Sets")[0], "DefaultMinVersion");
        break;
      }
      continue;
    }
    if (!type.endsWith("CommandSurface")) {
      unsupported.push(`<ExtensionPoint xsi:type="${type}">`);
      continue;
    }
    for (const tab of children(point)) {
      if (tab.localName !== "OfficeTab") {
        unsupported.push(`<${tab.localName}> in ${type}`);
        continue;
      }
      const groups: XmlGroup[] = [];
      for (const group of children(tab, "Group")) {
        const buttons: XmlTaskpaneButton[] = [];
        for (const control of children(group, "Control")) {
          const id = attr(control, "id") ?? "";
          const action = children(control, "Action")[0];
          if (xsiType(control) !== "Button" || !action || xsiType(action) !== "ShowTaskpane") {
            unsupported.push(`<Control id="${id}"> (only buttons that show a task pane are translated)`);
            continue;
          }
          const supertip = children(control, "Supertip")[0];
          const icons = children(children(control, "Icon")[0] ?? control, "Image").map((image) => ({
            size: Number(attr(image, "size")),
            url: resolve(image, `<Control id="${id}"> icon`),
          }));
          buttons.push({
            id,
            label: resolve(children(control, "Label")[0], `<Control id="${id}"> <Label>`),
            title: resolve(supertip && children(supertip, "Title")[0], `<Control id="${id}"> <Supertip><Title>`),
            description: resolve(supertip && children(supertip, "Description")[0], `<Control id="${id}"> <Supertip><Description>`),
            icons,
            taskpaneUrl: resolve(children(action, "SourceLocation")[0], `<Control id="${id}"> <SourceLocation>`),
          });
        }
        groups.push({ id: attr(group, "id") ?? "", label: resolve(children(group, "Label")[0], `<Group id="${attr(group, "id") ?? ""}"> <Label>`), buttons });
      }
      commandSurfaces.push({ type, tabId: attr(tab, "id") ?? "", groups });
    }
  }

  return {
    id: text(required("Id")),
    version: text(required("Version")),
    providerName: text(required("ProviderName")),
    defaultLocale: text(required("DefaultLocale")),
    displayName: defaultValue("DisplayName"),
    description: defaultValue("Description"),
    supportUrl: defaultValue("SupportUrl"),
    permissions: text(required("Permissions")),
    hosts: children(root, "Hosts").flatMap((hosts) => children(hosts, "Host")).map((h) => attr(h, "Name") ?? ""),
    requirementSets: children(root, "Requirements")
      .flatMap((requirements) => descendants(requirements, "Set"))
      .map((set) => ({
        name: attr(set, "Name") ?? "",
        ...(attr(set, "MinVersion") !== undefined ? { minVersion: attr(set, "MinVersion") } : {}),
      })),
    ...(launchEventMinVersion !== undefined ? { launchEventMinVersion } : {}),
    launchEvents,
    commandSurfaces,
    unsupported,
  };
}
