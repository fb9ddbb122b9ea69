/**
 * A `fetch` double for unit tests: records every request and answers through a handler. It honours
 * `signal` like the real fetch (a pending answer rejects with the signal's reason), unless told to
 * ignore it, so abort paths can be tested both ways. No sockets, no timers.
 */

export interface RecordedRequest {
  method: string;
  url: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: unknown;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `raw` is given. */
  body?: unknown;
  raw?: string;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply> | "hang" | "network-error";

export interface FetchDouble {
  fetch: typeof fetch;
  requests: RecordedRequest[];
}

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, name) => {
    out[name.toLowerCase()] = value;
  });
  return out;
}

export function fetchDouble(handler: Handler, options: { ignoreSignal?: boolean } = {}): FetchDouble {
  const requests: RecordedRequest[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const request: RecordedRequest = {
      method: init?.method ?? "GET",
      url,
      headers: headersOf(init),
      body: typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined,
    };
    requests.push(request);
    const signal = options.ignoreSignal ? undefined : (init?.signal ?? undefined);
    if (signal?.aborted) throw signal.reason;
    const answer = await handler(request);
    if (answer === "network-error") throw new TypeError("fetch failed");
    if (answer === "hang") {
      return new Promise<Response>((_resolve, reject) => {
        signal?.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
      });
    }
    if (signal?.aborted) throw signal.reason;
    const text = answer.raw ?? (answer.body === undefined ? "" : JSON.stringify(answer.body));
    return new Response(text, {
      status: answer.status ?? 200,
      headers: { "Content-Type": "application/json", ...answer.headers },
    });
  };
  return { fetch: fetchImpl, requests };
}
