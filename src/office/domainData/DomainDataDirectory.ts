import type { ListExpansion } from "../../core/types";
import type { Directory, DirectoryCallOptions, ListMembers } from "../../directory/Directory";

/** Makes the domain data of some domains or addresses available (loadDomainData.ts `ensureDomains`). */
export type EnsureDomains = (domains: Iterable<string>, options: { signal?: AbortSignal }) => Promise<void>;

/**
 * Every address and domain a list expansion carries: the list's own address, its members', its known
 * outsiders', and the domains it holds outsiders from (the tenant list index): the evaluation
 * classifies each of them.
 */
export function expansionAddresses(lists: readonly ListExpansion[]): string[] {
  return lists.flatMap((list) => [list.address, ...(list.members ?? []), ...(list.knownMembers ?? []), ...(list.externalDomains ?? [])]);
}

/**
 * A Directory decorator for the launch event: before it returns what the directory answered, the
 * Public Suffix List rules of every TLD in it (list members, guests and contacts inside lists) are
 * loaded, so that src/directory/checkMessage.ts and the evaluation parse only domains whose rules are
 * in. A failure to load them rejects the call with the DomainDataError: the caller then answers by
 * the policy's `directoryFailure`, never with a guessed public suffix.
 */
export class DomainDataDirectory implements Directory {
  constructor(
    private readonly directory: Directory,
    private readonly ensure: EnsureDomains,
  ) {}

  async expandLists(addresses: readonly string[], options?: DirectoryCallOptions): Promise<ListExpansion[]> {
    const lists = await this.directory.expandLists(addresses, options);
    await this.ensure(expansionAddresses(lists), options?.signal ? { signal: options.signal } : {});
    return lists;
  }

  async listMembers(address: string, options: DirectoryCallOptions & { budget: number }): Promise<ListMembers> {
    const found = await this.directory.listMembers(address, options);
    await this.ensure([...found.members, ...found.external], options.signal ? { signal: options.signal } : {});
    return found;
  }
}
