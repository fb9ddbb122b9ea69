import { derivesFrom, findProperty, splitCollection, unqualified, type GraphModel } from "./csdl";

/**
 * Holds JSON the fake serves to the metadata: every property it names exists on the object's type
 * (or a base type) and its value has that property's type; enum values are members of their enum
 * (flags: comma-separated members); `@odata.type` names an entity type that derives from the
 * expected one. Problems are reported as `path: message`.
 */

/** Instance annotations OData JSON allows on an object. */
const ANNOTATIONS = new Set(["@odata.type", "@odata.id", "@odata.etag", "@odata.context"]);

const EDM_CHECKS: Record<string, (value: unknown) => boolean> = {
  "Edm.String": (v) => typeof v === "string",
  "Edm.Boolean": (v) => typeof v === "boolean",
  "Edm.Int32": (v) => Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31,
  "Edm.Int64": (v) => Number.isSafeInteger(v),
  "Edm.Guid": (v) => typeof v === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  "Edm.DateTimeOffset": (v) => typeof v === "string" && !Number.isNaN(Date.parse(v)),
};

export function checkValue(model: GraphModel, type: string, value: unknown, nullable: boolean, path: string, problems: string[]): void {
  if (value === null) {
    if (!nullable || splitCollection(type).collection) problems.push(`${path}: null, but ${type} is not nullable`);
    return;
  }
  const { collection, element } = splitCollection(type);
  if (collection) {
    if (!Array.isArray(value)) {
      problems.push(`${path}: expected an array (${type})`);
      return;
    }
    value.forEach((item: unknown, i) => checkValue(model, element, item, false, `${path}[${i}]`, problems));
    return;
  }
  const edm = EDM_CHECKS[element];
  if (edm) {
    if (!edm(value)) problems.push(`${path}: ${JSON.stringify(value)} is not ${element}`);
    return;
  }
  if (element.startsWith("Edm.")) {
    problems.push(`${path}: the check does not know ${element}`);
    return;
  }
  const name = unqualified(element);
  const enumDef = model.enums.get(name);
  if (enumDef) {
    const members = typeof value === "string" ? (enumDef.flags ? value.split(",").map((m) => m.trim()) : [value]) : [];
    if (members.length === 0 || members.some((m) => !enumDef.members.has(m))) problems.push(`${path}: ${JSON.stringify(value)} is not a value of ${name}`);
    return;
  }
  if (!model.types.has(name)) {
    problems.push(`${path}: type ${name} is not in the metadata extract, so a value of it cannot be checked`);
    return;
  }
  checkObject(model, name, value, path, problems);
}

/** An entity or complex instance of `typeName` (or, with `@odata.type`, of a type derived from it). */
export function checkObject(model: GraphModel, typeName: string, value: unknown, path: string, problems: string[]): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push(`${path}: expected an object of type ${typeName}`);
    return;
  }
  let actual = typeName;
  const record = value as Record<string, unknown>;
  const odataType = record["@odata.type"];
  if (odataType !== undefined) {
    const named = typeof odataType === "string" && odataType.startsWith("#microsoft.graph.") ? odataType.slice("#microsoft.graph.".length) : undefined;
    if (named === undefined || !model.types.has(named)) problems.push(`${path}.@odata.type: ${JSON.stringify(odataType)} names no type in the metadata`);
    else if (!derivesFrom(model, named, typeName)) problems.push(`${path}.@odata.type: ${named} does not derive from ${typeName}`);
    else actual = named;
  }
  for (const [key, item] of Object.entries(record)) {
    if (key.startsWith("@")) {
      if (!ANNOTATIONS.has(key)) problems.push(`${path}.${key}: not an OData instance annotation`);
      continue;
    }
    if (key.includes("@")) continue; // property annotations such as mail@odata.type
    const property = findProperty(model, actual, key);
    if (!property) {
      problems.push(`${path}.${key}: ${actual} has no property ${key}`);
      continue;
    }
    checkValue(model, property.type, item, property.nullable, `${path}.${key}`, problems);
  }
}

/** A collection response: `@odata.context`, optional `@odata.count` / `@odata.nextLink`, `value` of `typeName`. */
export function checkCollection(model: GraphModel, typeName: string, body: unknown, path: string, problems: string[]): void {
  if (typeof body !== "object" || body === null) {
    problems.push(`${path}: expected a JSON object`);
    return;
  }
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!["@odata.context", "@odata.count", "@odata.nextLink", "value"].includes(key)) problems.push(`${path}.${key}: not part of an OData collection response`);
  }
  if (record["@odata.count"] !== undefined && !Number.isInteger(record["@odata.count"])) problems.push(`${path}.@odata.count: not an integer`);
  if (!Array.isArray(record.value)) {
    problems.push(`${path}.value: expected an array`);
    return;
  }
  record.value.forEach((item: unknown, i) => checkObject(model, typeName, item, `${path}.value[${i}]`, problems));
}

/**
 * Graph's error shape (concepts/errors): `{"error":{"code","message","innerError":{…}}}`, strings
 * throughout. Not in the metadata; held to the documented shape.
 */
export function checkError(body: unknown, path: string, problems: string[]): void {
  const error = (body as { error?: unknown } | null)?.error as Record<string, unknown> | undefined;
  if (typeof error !== "object" || error === null) {
    problems.push(`${path}: expected {"error": {...}}`);
    return;
  }
  for (const key of ["code", "message"]) if (typeof error[key] !== "string" || error[key] === "") problems.push(`${path}.error.${key}: expected a non-empty string`);
  const inner = error.innerError as Record<string, unknown> | undefined;
  if (typeof inner !== "object" || inner === null) problems.push(`${path}.error.innerError: expected an object`);
  else for (const [key, value] of Object.entries(inner)) if (typeof value !== "string") problems.push(`${path}.error.innerError.${key}: expected a string`);
  for (const key of Object.keys(error)) if (!["code", "message", "innerError", "details", "target"].includes(key)) problems.push(`${path}.error.${key}: not part of Graph's error shape`);
}
