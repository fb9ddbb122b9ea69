import type { KeyValueStore } from "./RuntimeStorage";
import { decodeStoredFile, readStored } from "./RuntimeStorage";

/**
 * The organisation's `policy.json` as last fetched, kept in the client's storage (RuntimeStorage.ts)
 * under {@link POLICY_STORE_KEY}, so that a fresh runtime knows it without a request and a runtime
 * that cannot check still answers by it. Imports nothing that could fail while the script starts
 * (no core, no zod): the launch-event entry reads it when the checking code cannot load.
 */

/** The storage key of the last fetched policy.json (`StoredFile` JSON). */
export const POLICY_STORE_KEY = "audienceGuard.policy";

/** What the policy says to do when the check cannot run (`directoryFailure`). */
export type FailureAction = "allow" | "warn" | "block";

/**
 * The built-in `directoryFailure` (CONTRACT.md §1), for a file that leaves the key out. Kept here so
 * that this module needs no core code; test/office/storedPolicy.test.ts holds it equal to
 * `DEFAULT_POLICY.directoryFailure`.
 */
export const DEFAULT_DIRECTORY_FAILURE: FailureAction = "warn";

/**
 * The `directoryFailure` a policy file states (the built-in one when the file is a JSON object without
 * the key), or `undefined` when the file is not a JSON object or the value is not one of the three.
 * Read without validating the whole file: it is what decides when validation itself cannot run (no
 * domain data, no checking code).
 */
export function directoryFailureOf(text: string): FailureAction | undefined {
  try {
    const raw = JSON.parse(text) as unknown;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
    const value = (raw as { directoryFailure?: unknown }).directoryFailure;
    if (value === undefined) return DEFAULT_DIRECTORY_FAILURE;
    return value === "allow" || value === "warn" || value === "block" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The `directoryFailure` of the stored policy, or `undefined` when nothing usable is stored. Never rejects. */
export async function storedDirectoryFailure(store: KeyValueStore | undefined): Promise<FailureAction | undefined> {
  const file = decodeStoredFile(await readStored(store, POLICY_STORE_KEY));
  return file ? directoryFailureOf(file.text) : undefined;
}

/** The policy's keys that hold domain patterns or addresses. */
const DOMAIN_KEYS = ["internalDomains", "trustedDomains", "blockedDomains", "exemptSenders"] as const;

/**
 * The domain patterns and addresses a policy file states (every string of its domain lists and of
 * `exemptSenders`), read without validating it: what the launch event loads the Public Suffix List
 * rules for before validation. `[]` when the file is not a JSON object.
 */
export function policyDomainsOf(text: string): string[] {
  try {
    const raw = JSON.parse(text) as unknown;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return [];
    return DOMAIN_KEYS.flatMap((key) => {
      const list = (raw as Record<string, unknown>)[key];
      return Array.isArray(list) ? list.filter((item): item is string => typeof item === "string") : [];
    });
  } catch {
    return [];
  }
}
