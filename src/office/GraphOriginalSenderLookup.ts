import { parseAddress } from "../core/address";
import type { TokenProvider } from "../directory/Directory";
import { GraphClient } from "../directory/GraphClient";
import { deadlineSignal } from "../directory/deadline";
import { resolveRetryPolicy } from "../directory/retry";
import type { OriginalSenderLookup } from "./OriginalSenderLookup";

/** Delegated permission for reading the user's own messages (user-consentable). */
export const MAIL_READ_SCOPES: readonly string[] = Object.freeze(["https://graph.microsoft.com/Mail.Read"]);

/** Default ceiling on one lookup, in milliseconds. */
export const DEFAULT_LOOKUP_TIMEOUT_MS = 1500;

export interface GraphOriginalSenderLookupOptions {
  /** Graph version root, absolute: "https://graph.microsoft.com/v1.0" (policy `directory.graphBaseUrl`). */
  baseUrl: string;
  tokenProvider: TokenProvider;
  /** @default the global `fetch` */
  fetch?: typeof fetch;
  /** Ceiling on one lookup, in milliseconds, retries included. @default 1500 */
  timeoutMs?: number;
}

/**
 * Finds the original sender with `GET /me/messages?$filter=internetMessageId eq '<id>'&$select=from`
 * (delegated Mail.Read through the TokenProvider). One retry on 429/503/504 or a network error, within
 * `timeoutMs`. Every failure resolves `undefined` so the core falls back to the first person in To.
 * Answers are remembered per id for the life of the instance; failures are not.
 */
export class GraphOriginalSenderLookup implements OriginalSenderLookup {
  private readonly client: GraphClient;
  private readonly tokenProvider: TokenProvider;
  private readonly timeoutMs: number;
  private readonly found = new Map<string, string>();

  constructor(options: GraphOriginalSenderLookupOptions) {
    // Looked up at call time and wrapped: a bare `fetch` called as a method throws "Illegal invocation".
    const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.client = new GraphClient({
      baseUrl: options.baseUrl,
      fetch: fetchImpl,
      retry: resolveRetryPolicy({ attempts: 2, baseDelayMs: 100, maxDelayMs: 400 }),
      now: () => Date.now(),
    });
    this.tokenProvider = options.tokenProvider;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS;
  }

  async find(internetMessageId: string, options: { signal?: AbortSignal } = {}): Promise<string | undefined> {
    const id = internetMessageId.trim();
    if (id === "") return undefined;
    const known = this.found.get(id);
    if (known !== undefined) return known;
    const { signal, dispose } = deadlineSignal(this.timeoutMs, options.signal);
    try {
      const token = await this.tokenProvider.getToken(MAIL_READ_SCOPES, { signal });
      const filter = encodeURIComponent(`internetMessageId eq '${id.replace(/'/g, "''")}'`);
      const body = await this.client.getJson(this.client.url(`/me/messages?$filter=${filter}&$select=from&$top=1`), token, signal, "originalSender");
      const sender = readSender(body);
      if (sender !== undefined) this.found.set(id, sender);
      return sender;
    } catch {
      return undefined;
    } finally {
      dispose();
    }
  }
}

/** `{ value: [{ from: { emailAddress: { name, address } } }] }` → `"Name" <address>`; anything else → undefined. */
export function readSender(body: unknown): string | undefined {
  const value = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) return undefined;
  const emailAddress = (value[0] as { from?: { emailAddress?: { name?: unknown; address?: unknown } } } | undefined)?.from?.emailAddress;
  const address = typeof emailAddress?.address === "string" ? emailAddress.address.trim() : "";
  if (parseAddress(address) === undefined) return undefined;
  const name = typeof emailAddress?.name === "string" ? emailAddress.name.trim() : "";
  return name === "" || name === address ? address : `"${name.replace(/["\\]/g, "\\$&")}" <${address}>`;
}
