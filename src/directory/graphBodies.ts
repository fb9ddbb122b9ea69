/**
 * Readers for the Graph response bodies the directory uses. Every reader validates: a number must be
 * a non-negative safe integer, a list must be an array of objects. What does not fit is `undefined`
 * (unknown), never zero. Readers never throw.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const DIGITS = /^\d{1,16}$/;

function fromDigits(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DIGITS.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A count as Graph sends it: a non-negative safe integer. Anything else is unknown. */
export function readCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * The body of a `/$count` response: a number, a numeric string (`text/plain`), or — inside `$batch`,
 * where non-JSON bodies may be base64-encoded (graph-docs: concepts/json-batching.md) — the base64 of
 * a numeric string. Base64 of ASCII digits never consists of digits only, so the forms cannot be confused.
 */
export function readCountBody(body: unknown): number | undefined {
  if (typeof body === "number") return readCount(body);
  if (typeof body !== "string") return undefined;
  const plain = fromDigits(body);
  if (plain !== undefined) return plain;
  if (typeof atob !== "function" || !/^[A-Za-z0-9+/]{2,24}={0,2}$/.test(body.trim())) return undefined;
  try {
    return fromDigits(atob(body.trim()));
  } catch {
    return undefined;
  }
}

/** One entry of `POST /me/getMailTips`. `undefined` numbers are missing or malformed metrics. */
export interface MailTipEntry {
  /** Lower-case address the entry is for. */
  address: string;
  /** The recipient's display name, when Exchange gave one. */
  name?: string;
  totalMemberCount?: number;
  externalMemberCount?: number;
  /** Exchange's error code for this address (e.g. the recipient is unknown), when it reported one. */
  errorCode?: string;
}

/** Reads `{"value":[{"emailAddress":{"address"},"totalMemberCount","externalMemberCount","error"}]}`; `undefined` when the shape is wrong. */
export function readMailTips(body: unknown): MailTipEntry[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.value)) return undefined;
  const entries: MailTipEntry[] = [];
  for (const item of body.value as unknown[]) {
    if (!isRecord(item) || !isRecord(item.emailAddress)) continue;
    const address = item.emailAddress.address;
    if (typeof address !== "string" || address.trim() === "") continue;
    const entry: MailTipEntry = { address: address.trim().toLowerCase() };
    const name = item.emailAddress.name;
    if (typeof name === "string" && name.trim() !== "") entry.name = name;
    const total = readCount(item.totalMemberCount);
    const external = readCount(item.externalMemberCount);
    if (total !== undefined) entry.totalMemberCount = total;
    if (external !== undefined) entry.externalMemberCount = external;
    if (isRecord(item.error)) {
      const code = item.error.code;
      entry.errorCode = typeof code === "string" && /^[A-Za-z][A-Za-z0-9_.]{0,63}$/.test(code) ? code : "error";
    }
    entries.push(entry);
  }
  return entries;
}

/** One group found by `GET /groups?$filter=mail eq '…' or proxyAddresses/any(…)`. */
export interface GroupEntry {
  id: string;
  /** Lower-case mail, when present. */
  mail?: string;
  displayName?: string;
  /** `groupTypes` holds "Unified": a Microsoft 365 group, which holds users only (groups-allowed-member-types). */
  unified: boolean;
}

/** Reads `{"value":[{"id","mail","displayName"}]}`; `undefined` when the shape is wrong. Entries without an id are dropped. */
export function readGroups(body: unknown): GroupEntry[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.value)) return undefined;
  const groups: GroupEntry[] = [];
  for (const item of body.value as unknown[]) {
    if (!isRecord(item) || typeof item.id !== "string" || item.id.trim() === "") continue;
    const types = Array.isArray(item.groupTypes) ? (item.groupTypes as unknown[]) : [];
    const group: GroupEntry = { id: item.id.trim(), unified: types.some((t) => typeof t === "string" && t.toLowerCase() === "unified") };
    if (typeof item.mail === "string") group.mail = item.mail.trim().toLowerCase();
    if (typeof item.displayName === "string") group.displayName = item.displayName;
    groups.push(group);
  }
  return groups;
}

/** One member as a listing returns it. `mail` is absent for limited information (no permission to read the member) or no mailbox. */
export interface MemberEntry {
  mail?: string;
  guest: boolean;
}

/** One page of transitive members. */
export interface MemberPage {
  members: MemberEntry[];
  /** Absolute URL of the next page, when there is one. */
  nextLink?: string;
  /** `@odata.count` (sent with `$count=true`): members of this kind in the whole listing. */
  count?: number;
}

/** Reads `{"@odata.count","value":[{"mail","userType"}],"@odata.nextLink"}`; `undefined` when the shape is wrong. */
export function readMemberPage(body: unknown): MemberPage | undefined {
  if (!isRecord(body) || !Array.isArray(body.value)) return undefined;
  const nextLink = body["@odata.nextLink"];
  if (nextLink !== undefined && nextLink !== null && typeof nextLink !== "string") return undefined;
  const rawCount = body["@odata.count"];
  const count = readCount(rawCount);
  if (rawCount !== undefined && count === undefined) return undefined;
  const members: MemberPage["members"] = [];
  for (const item of body.value as unknown[]) {
    if (!isRecord(item)) return undefined;
    const mail = typeof item.mail === "string" && item.mail.trim() !== "" ? item.mail.trim().toLowerCase() : undefined;
    members.push(mail === undefined ? { guest: item.userType === "Guest" } : { mail, guest: item.userType === "Guest" });
  }
  const page: MemberPage = typeof nextLink === "string" && nextLink !== "" ? { members, nextLink } : { members };
  if (count !== undefined) page.count = count;
  return page;
}

/** One inner response of `POST /$batch`. */
export interface BatchPart {
  id: string;
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: unknown;
}

/** Reads `{"responses":[{"id","status","headers","body"}]}`; `undefined` when the shape is wrong. */
export function readBatch(body: unknown): BatchPart[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.responses)) return undefined;
  const parts: BatchPart[] = [];
  for (const item of body.responses as unknown[]) {
    if (!isRecord(item) || typeof item.id !== "string") return undefined;
    const status = item.status;
    if (typeof status !== "number" || !Number.isInteger(status)) return undefined;
    const headers: Record<string, string> = {};
    if (isRecord(item.headers)) {
      for (const name of Object.keys(item.headers)) {
        const value = item.headers[name];
        if (typeof value === "string" || typeof value === "number") headers[name.toLowerCase()] = String(value);
      }
    }
    parts.push({ id: item.id, status, headers, body: item.body });
  }
  return parts;
}
