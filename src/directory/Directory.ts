import type { ListExpansion } from "../core/types";

/** The default number of list members one check may read when enumeration is needed (and one `listMembers` call at most). */
export const DEFAULT_MEMBER_BUDGET = 20_000;

/** Options for one directory call. */
export interface DirectoryCallOptions {
  /** Ends the call; adapters reject with `directory_timeout` / `directory_aborted` when it fires. */
  signal?: AbortSignal;
}

/** The result of enumerating one list's people. */
export interface ListMembers {
  /** Lower-case addresses of the people found (users and contacts, nested lists flattened). */
  members: string[];
  /** False when the budget ran out before the list was read to the end. */
  complete: boolean;
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
