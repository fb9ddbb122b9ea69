/**
 * A `Directory` double that knows a fixed set of lists, or fails as a whole with a given code
 * (e.g. `token_unavailable`). Lists it does not know come back unknown, as GraphDirectory's do.
 */
import type { ErrorCode } from "../../src/core/errors";
import { createGuardError } from "../../src/core/errors";
import type { ListExpansion } from "../../src/core/types";
import type { Directory, DirectoryCallOptions, ListMembers } from "../../src/directory/Directory";

export class FakeDirectory implements Directory {
  readonly expandCalls: string[][] = [];
  /** When set, every `expandLists` rejects with this code. */
  failWith: ErrorCode | undefined;

  constructor(private readonly lists: readonly ListExpansion[] = [], private readonly unknownCode = "graph_not_found") {}

  expandLists(addresses: readonly string[], _options?: DirectoryCallOptions): Promise<ListExpansion[]> {
    this.expandCalls.push([...addresses]);
    if (this.failWith) return Promise.reject(createGuardError(this.failWith));
    return Promise.resolve(
      addresses.map(
        (address) =>
          this.lists.find((l) => l.address === address) ?? {
            address,
            people: { lower: 0, upper: Number.POSITIVE_INFINITY },
            external: { lower: 0, upper: Number.POSITIVE_INFINITY },
            source: "unknown",
            errorCode: this.unknownCode,
          },
      ),
    );
  }

  listMembers(_address: string, _options: DirectoryCallOptions & { budget: number }): Promise<ListMembers> {
    return Promise.reject(createGuardError("graph_forbidden"));
  }
}
