import type { ListIndexSettings } from "../../core/policy";
import type { Directory } from "../Directory";
import { IndexedDirectory } from "./IndexedDirectory";
import { ListIndexReader, type IndexFetch } from "./ListIndexReader";

/**
 * The directory a check uses given the policy's `directory.index`: the directory itself when no
 * index is configured, else an IndexedDirectory over it. A root-relative index URL is resolved on
 * the origin of `addinBaseUrl` (the add-in's pages), where the host serves the job's files.
 */
export function withListIndex(
  directory: Directory,
  settings: ListIndexSettings | null,
  options: { addinBaseUrl: string; fetch?: IndexFetch; now?: () => number },
): Directory {
  if (!settings) return directory;
  // No `URL` here: the classic Outlook launch-event runtime is not a browser.
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i.exec(options.addinBaseUrl)?.[0] ?? "";
  const url = settings.url.startsWith("/") ? `${origin}${settings.url}` : settings.url;
  // The global is looked up at call time and called unbound, as browsers require.
  const fetchImpl: IndexFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const index = new ListIndexReader({ url, fetch: fetchImpl, maxAgeMs: settings.maxAgeHours * 3_600_000, ...(options.now ? { now: options.now } : {}) });
  return new IndexedDirectory({ index, directory });
}
