/**
 * Sends the add-in pages' Microsoft Graph requests to the simulator's fake Graph server. The policy
 * names a real Graph endpoint (it may name no other: staff's tokens go there), so the pages call
 * `https://graph.microsoft.com/v1.0/…`; this wrapper of `fetch` sends each such request to the fake
 * (its root from `/simulator/api/graph`) and writes the fake's origin in the answer (`@odata.nextLink`)
 * back as Graph's, so the adapter's own-origin check sees what it would see against Graph.
 */
import { GRAPH_BASE_URLS } from "../../../src/core/policy";

export function installGraphBridge(target: Window & typeof globalThis): void {
  const realFetch = target.fetch.bind(target);
  let fakeRoot: Promise<string> | undefined;
  const root = (): Promise<string> => {
    fakeRoot ??= realFetch("/simulator/api/graph")
      .then((response) => response.json() as Promise<{ url: string }>)
      .then((body) => body.url.replace(/\/+$/, ""));
    return fakeRoot;
  };
  target.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const graph = GRAPH_BASE_URLS.find((base) => url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`));
    if (graph === undefined) return realFetch(input, init);
    const fake = await root();
    const response = await realFetch(fake + url.slice(graph.length), init);
    const text = await response.text();
    const body = text.split(new URL(fake).origin).join(new URL(graph).origin);
    return new Response(response.status === 204 ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
