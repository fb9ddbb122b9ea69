import type { ListIndexSettings } from "../../core/policy";
import type { Directory } from "../Directory";
import { IndexedDirectory } from "./IndexedDirectory";
import { ListIndexReader, type IndexFetch } from "./ListIndexReader";

/**
 * The directory a check uses given the policy's `directory.index`: the directory itself when no
 * index is configured, else an IndexedDirectory over it. A root-relative index URL is resolved on
 * the add-in's own origin (`addinBaseUrl`), where the host serves the job's files.
 */
export function withListIndex(
  directory: Directory,
  settings: ListIndexSettings | null,
  options: { addinBaseUrl: string; fetch?: IndexFetch; now?: () => number },
): Directory {
  if (!settings) return directory;
  const url = settings.url.startsWith("/") ? `${options.addinBaseUrl.replace(/\/+$/, "")}${settings.url}` : settings.url;
  // The global is looked up at call time and called unbound, as browsers require.
  const fetchImpl: IndexFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const index = new ListIndexReader({ url, fetch: fetchImpl, maxAgeMs: settings.maxAgeHours * 3_600_000, ...(options.now ? { now: options.now } : {}) });
  return new IndexedDirectory({ index, directory });
}
