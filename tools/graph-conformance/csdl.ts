import { DOMParser, type Element } from "@xmldom/xmldom";

/**
 * The parts of a CSDL (OData's metadata document) the conformance check needs: entity and
 * complex types with their properties and base types, enum types, and bound actions. Read from
 * the pinned extract of Graph's v1.0 metadata beside the project (../shared/graph).
 */

const EDM = "http://docs.oasis-open.org/odata/ns/edm";

export interface PropertyDef {
  /** As written: `Edm.String`, `Collection(Edm.String)`, `graph.emailAddress`. */
  type: string;
  nullable: boolean;
}

export interface StructuredType {
  name: string;
  kind: "entity" | "complex";
  /** Unqualified base type name. */
  base?: string;
  properties: Map<string, PropertyDef>;
  navigation: Map<string, PropertyDef>;
}

export interface EnumDef {
  name: string;
  flags: boolean;
  members: Set<string>;
}

export interface ActionDef {
  name: string;
  /** Unqualified name of the bound type. */
  boundTo?: string;
  parameters: Map<string, PropertyDef>;
}

export interface GraphModel {
  namespace: string;
  types: Map<string, StructuredType>;
  enums: Map<string, EnumDef>;
  actions: Map<string, ActionDef>;
}

function children(parent: Element, localName: string): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    const element = node as Element;
    if (node.nodeType === 1 && element.namespaceURI === EDM && element.localName === localName) out.push(element);
  }
  return out;
}

function propertyDef(element: Element): PropertyDef {
  return { type: element.getAttribute("Type") ?? "", nullable: element.getAttribute("Nullable") !== "false" };
}

/** Strips `graph.` / `microsoft.graph.` (the schema's alias and namespace) from a qualified name. */
export function unqualified(name: string): string {
  return name.replace(/^(?:microsoft\.graph|graph)\./, "");
}

export function parseCsdl(xml: string): GraphModel {
  const problems: string[] = [];
  const document = new DOMParser({ onError: (level, message) => void (level !== "warning" && problems.push(message)) }).parseFromString(xml, "text/xml");
  if (problems.length > 0) throw new Error(`the metadata is not well-formed XML: ${problems.join("; ")}`);
  const schema = document.getElementsByTagNameNS(EDM, "Schema")[0];
  if (!schema) throw new Error("the metadata has no edm:Schema");
  const model: GraphModel = { namespace: schema.getAttribute("Namespace") ?? "", types: new Map(), enums: new Map(), actions: new Map() };
  for (const kind of ["entity", "complex"] as const) {
    for (const element of children(schema, kind === "entity" ? "EntityType" : "ComplexType")) {
      const name = element.getAttribute("Name") ?? "";
      const base = element.getAttribute("BaseType");
      const type: StructuredType = { name, kind, properties: new Map(), navigation: new Map() };
      if (base) type.base = unqualified(base);
      for (const p of children(element, "Property")) type.properties.set(p.getAttribute("Name") ?? "", propertyDef(p));
      for (const p of children(element, "NavigationProperty")) type.navigation.set(p.getAttribute("Name") ?? "", propertyDef(p));
      model.types.set(name, type);
    }
  }
  for (const element of children(schema, "EnumType")) {
    const name = element.getAttribute("Name") ?? "";
    const members = new Set(children(element, "Member").map((m) => m.getAttribute("Name") ?? ""));
    model.enums.set(name, { name, flags: element.getAttribute("IsFlags") === "true", members });
  }
  for (const element of children(schema, "Action")) {
    const name = element.getAttribute("Name") ?? "";
    const parameters = new Map<string, PropertyDef>();
    let boundTo: string | undefined;
    children(element, "Parameter").forEach((p, index) => {
      if (index === 0 && element.getAttribute("IsBound") === "true") boundTo = unqualified(p.getAttribute("Type") ?? "");
      else parameters.set(p.getAttribute("Name") ?? "", propertyDef(p));
    });
    model.actions.set(name, { name, ...(boundTo ? { boundTo } : {}), parameters });
  }
  return model;
}

/** A property (structural or navigation) of `typeName` or of one of its base types. */
export function findProperty(model: GraphModel, typeName: string, property: string, which: "properties" | "navigation" = "properties"): PropertyDef | undefined {
  for (let type = model.types.get(typeName); type; type = type.base ? model.types.get(type.base) : undefined) {
    const found = type[which].get(property);
    if (found) return found;
  }
  return undefined;
}

/** Whether entity type `typeName` is `base` or derives from it. */
export function derivesFrom(model: GraphModel, typeName: string, base: string): boolean {
  for (let type = model.types.get(typeName); type; type = type.base ? model.types.get(type.base) : undefined) if (type.name === base) return true;
  return false;
}

/** `Collection(X)` → `{ collection: true, element: "X" }`. */
export function splitCollection(type: string): { collection: boolean; element: string } {
  const match = /^Collection\((.+)\)$/.exec(type);
  return match ? { collection: true, element: match[1] as string } : { collection: false, element: type };
}
