import type { ListExpansion } from "../../core/types";
import { throwIfAborted } from "../abort";
import type { Directory, DirectoryCallOptions, ListMembers } from "../Directory";
import { unknownExpansion } from "../expansions";
import { normalizeListAddress } from "./listIndexFormat";
import type { ListIndex } from "./ListIndexReader";

/**
 * A Directory decorator that answers from the tenant list index first and asks the inner directory
 * (Microsoft Graph) only for the lists the index lacks or holds past its freshness limit. At tenant
 * scale this is what keeps every copy of the add-in off the shared Graph budget (docs/deploying.md).
 * Enumerations (`listMembers`) always go to the inner directory: the index holds no addresses.
 */
export interface IndexedDirectoryOptions {
  index: ListIndex;
  directory: Directory;
}

export class IndexedDirectory implements Directory {
  private readonly index: ListIndex;
  private readonly inner: Directory;

  constructor(options: IndexedDirectoryOptions) {
    this.index = options.index;
    this.inner = options.directory;
  }

  /** Rejects like the inner directory, and with `directory_timeout` / `directory_aborted` when the signal fires. */
  async expandLists(addresses: readonly string[], options: DirectoryCallOptions = {}): Promise<ListExpansion[]> {
    throwIfAborted(options.signal);
    const lists = addresses.map(normalizeListAddress);
    const indexed = await this.index.lookup(lists, options);
    const missing = lists.filter((list, i) => !indexed.has(list) && lists.indexOf(list) === i);
    const fetched = missing.length > 0 ? await this.inner.expandLists(missing, options) : [];
    const byAddress = new Map<string, ListExpansion>(indexed);
    missing.forEach((list, i) => {
      const expansion = fetched[i];
      if (expansion) byAddress.set(list, expansion);
    });
    return lists.map((list) => {
      const expansion = byAddress.get(list) ?? unknownExpansion(list, "unexpected");
      return { ...expansion, people: { ...expansion.people }, external: { ...expansion.external } };
    });
  }

  listMembers(address: string, options: DirectoryCallOptions & { budget: number }): Promise<ListMembers> {
    return this.inner.listMembers(address, options);
  }
}
