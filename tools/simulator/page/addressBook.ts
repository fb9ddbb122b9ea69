/**
 * The simulated Outlook's address book: how a typed address becomes an `EmailAddressDetails`, the
 * way Outlook resolves it against the organisation's directory. Built on the server from the
 * scenario's directory; used by the compose page.
 */
import type { RecipientDetails } from "./hostApi";

export interface AddressBookEntry {
  mail: string;
  displayName?: string;
  kind: "group" | "user" | "guest" | "contact";
  /** For groups: what the simulator panel shows about its size. */
  note?: string;
}

export interface AddressBook {
  tenantDomains: string[];
  entries: AddressBookEntry[];
}

/** Minimal directory shape the address book reads (a subset of tools/fake-graph/types DirectorySpec). */
export interface DirectoryLike {
  tenantDomains?: string[] | undefined;
  users?: { mail: string; displayName?: string | undefined; guest?: boolean | undefined }[] | undefined;
  contacts?: { mail: string; displayName?: string | undefined }[] | undefined;
  groups?:
    | {
        mail: string;
        displayName?: string | undefined;
        members?: string[] | undefined;
        generate?: { count: number }[] | undefined;
        dynamic?: boolean | undefined;
      }[]
    | undefined;
}

export function buildAddressBook(directory: DirectoryLike | undefined): AddressBook {
  const entries: AddressBookEntry[] = [];
  for (const group of directory?.groups ?? []) {
    const direct = group.members?.length ?? 0;
    const generated = (group.generate ?? []).reduce((sum, g) => sum + g.count, 0);
    const parts = [`${(direct + generated).toLocaleString("en-GB")} direct members`];
    if (group.dynamic) parts.push("dynamic: mail tips only");
    entries.push({ mail: group.mail, ...(group.displayName ? { displayName: group.displayName } : {}), kind: "group", note: parts.join(", ") });
  }
  for (const user of directory?.users ?? []) {
    entries.push({ mail: user.mail, ...(user.displayName ? { displayName: user.displayName } : {}), kind: user.guest ? "guest" : "user" });
  }
  for (const contact of directory?.contacts ?? []) {
    entries.push({ mail: contact.mail, ...(contact.displayName ? { displayName: contact.displayName } : {}), kind: "contact" });
  }
  return { tenantDomains: (directory?.tenantDomains ?? []).map((d) => d.toLowerCase()), entries };
}

/**
 * Resolves one address: groups → "distributionList" with their display name; the tenant's users
 * (declared, or any address in a tenant domain) → "user"; guests, mail contacts and everyone else
 * → "externalUser".
 */
export function resolveRecipient(book: AddressBook, emailAddress: string, displayName?: string): RecipientDetails {
  const address = emailAddress.trim();
  const key = address.toLowerCase();
  const entry = book.entries.find((e) => e.mail.toLowerCase() === key);
  const name = displayName?.trim() || entry?.displayName || address;
  if (entry?.kind === "group") return { emailAddress: address, displayName: name, recipientType: "distributionList" };
  if (entry?.kind === "user") return { emailAddress: address, displayName: name, recipientType: "user" };
  if (entry) return { emailAddress: address, displayName: name, recipientType: "externalUser" };
  const at = key.lastIndexOf("@");
  const domain = at >= 0 ? key.slice(at + 1) : "";
  const internal = book.tenantDomains.includes(domain);
  return { emailAddress: address, displayName: name, recipientType: internal ? "user" : "externalUser" };
}

/** Splits what a person typed into a To/Cc/Bcc box: commas or semicolons, blanks ignored. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
