import type { ListExpansion } from "../core/types";

/** The default number of list members one check may read when enumeration is needed (and one `listMembers` call at most). */
export const DEFAULT_MEMBER_BUDGET = 20_000;

/** Options for one directory call. */
export interface DirectoryCallOptions {
  /** Ends the call; adapters reject with `directory_timeout` / `directory_aborted` when it fires. */
  signal?: AbortSignal;
  /**
   * When `signal` will fire for the deadline, in epoch milliseconds (`Date.now()`), if known. Adapters
   * answer shortly before it with what they have learned (the rest marked `directory_timeout`) instead
   * of losing every answer to the deadline, and never wait out a retry that would end past it.
   */
  deadline?: number;
}

/** The result of enumerating one list's people. */
export interface ListMembers {
  /** Lower-case addresses of the people found (users and contacts, nested lists flattened). */
  members: string[];
  /**
   * False when the budget ran out before the list was read to the end, or when a member came back
   * without an address (limited information): an unreadable member is unknown, never no one.
   */
  complete: boolean;
  /** Members returned without an address (Graph's limited information). */
  unreadable?: number;
  /** Lower-case addresses among `members` that are external (guests, contacts, outside the tenant). */
  external: string[];
}

/**
 * The port through which the add-in learns what a distribution list contains.
 * Adapters: GraphDirectory (Microsoft Graph), CachingDirectory (decorator); test doubles implement it too.
 */
export interface Directory {
  /**
   * Sizes for each list address (lower-case). One list's failure makes that list `unknown`,
   * never zero; the returned array has one entry per requested address, in order.
   * Rejects with a GuardError (`directory_timeout`, `directory_aborted`) only when the whole call fails.
   * "The whole call" also covers a directory that could not be asked at all: when every list is
   * unknown for such a reason, GraphDirectory rejects with it (`graph_throttled`, `graph_unavailable`,
   * `graph_unauthorized`, `network_error`, `token_unavailable`), so the caller applies the policy's
   * `directoryFailure` rather than `unknownList`.
   */
  expandLists(addresses: readonly string[], options?: DirectoryCallOptions): Promise<ListExpansion[]>;

  /**
   * Reads the people of one list, stopping after `budget` members.
   * Rejects with a GuardError when the list cannot be read.
   */
  listMembers(address: string, options: DirectoryCallOptions & { budget: number }): Promise<ListMembers>;
}

/** The port that supplies access tokens for Microsoft Graph. */
export interface TokenProvider {
  /** Rejects with `token_unavailable` when no token can be had without interaction. */
  getToken(scopes: readonly string[], options?: { signal?: AbortSignal }): Promise<string>;
}
