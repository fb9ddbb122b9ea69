import type { Handler, RecordedRequest, Reply } from "./fetchDouble";

/**
 * A tiny in-memory stand-in for the Graph endpoints GraphDirectory uses, for unit tests that need
 * exact control of single responses (shapes, inner batch statuses, headers). Integration tests use
 * the real fake server in tools/fake-graph instead.
 */

export const BASE = "https://graph.test/v1.0";

export interface MiniMember {
  mail: string | null;
  userType?: "Member" | "Guest";
}

export interface MiniGroup {
  id: string;
  mail: string;
  displayName?: string;
  users: MiniMember[];
  contacts: string[];
  /** A Microsoft 365 group (`groupTypes: ["Unified"]`): users only; a cast to contacts is 400. */
  unified?: boolean;
}

export interface InnerRequest {
  url: string;
  headers: Record<string, string>;
}

export interface InnerReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface MiniGraphOptions {
  groups?: MiniGroup[];
  /** Mail tip per lower-case address; absent addresses get an error entry. */
  tips?: Record<string, { totalMemberCount?: unknown; externalMemberCount?: unknown }>;
  /** Answers an inner `$batch` request instead of the default routing when it returns a reply. */
  inner?: (request: InnerRequest) => InnerReply | undefined;
  /** Answers an outer request instead of the default routing when it returns a reply. */
  outer?: (request: RecordedRequest) => ReturnType<Handler> | undefined;
  /** How a `$count` travels in a batch body. @default the number itself */
  countBody?: (n: number) => unknown;
  /** Page size for member listings. @default 999 */
  pageSize?: number;
}

export function makeUsers(prefix: string, count: number, domain = "contoso.com", userType: "Member" | "Guest" = "Member"): MiniMember[] {
  return Array.from({ length: count }, (_, i) => ({ mail: `${prefix}${i + 1}@${domain}`, userType }));
}

export function miniGraph(options: MiniGraphOptions): Handler {
  const groups = options.groups ?? [];
  const countBody = options.countBody ?? ((n: number) => n);
  const pageSize = options.pageSize ?? 999;

  const route = (path: string, headers: Record<string, string>): InnerReply => {
    const url = new URL(BASE + path);
    const rel = url.pathname.replace(/^\/v1\.0/, "");
    if (rel === "/groups") {
      const filter = url.searchParams.get("$filter") ?? "";
      const match = /^mail eq '(.*)' or proxyAddresses\/any\(x:x eq 'smtp:(.*)'\)$/.exec(filter);
      if (!match?.[1] || match[1] !== match[2]) return { status: 400, body: { error: { code: "Request_BadRequest", message: "bad filter" } } };
      const mail = match[1].replace(/''/g, "'").toLowerCase();
      const found = groups
        .filter((g) => g.mail === mail)
        .map((g) => ({ id: g.id, mail: g.mail, displayName: g.displayName ?? null, groupTypes: g.unified ? ["Unified"] : [] }));
      return { status: 200, body: { value: found } };
    }
    const member = /^\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.(user|orgContact)(\/\$count)?$/.exec(rel);
    if (member) {
      const group = groups.find((g) => g.id === decodeURIComponent(member[1] ?? ""));
      if (!group) return { status: 404, body: { error: { code: "Request_ResourceNotFound", message: "gone" } } };
      const users = member[2] === "user";
      if (!users && group.unified) return { status: 400, body: { error: { code: "Request_UnsupportedQuery", message: "unified groups hold users only" } } };
      if (headers.consistencylevel !== "eventual") return { status: 400, body: { error: { code: "Request_BadRequest", message: "needs ConsistencyLevel" } } };
      const filter = url.searchParams.get("$filter");
      const guestsOnly = filter === "userType eq 'Guest'";
      if (member[3]) {
        const n = users ? group.users.filter((u) => !guestsOnly || u.userType === "Guest").length : group.contacts.length;
        return { status: 200, body: countBody(n), headers: { "Content-Type": "text/plain" } };
      }
      if (url.searchParams.get("$count") !== "true") return { status: 400, body: { error: { code: "Request_UnsupportedQuery", message: "a cast needs $count=true" } } };
      const all = users
        ? group.users.filter((u) => !guestsOnly || u.userType === "Guest").map((u) => ({ mail: u.mail, userType: u.userType ?? "Member" }))
        : group.contacts.map((mail) => ({ mail }));
      const skip = Number(url.searchParams.get("$skiptoken") ?? "0");
      const top = Math.min(pageSize, Number(url.searchParams.get("$top") ?? pageSize));
      const value = all.slice(skip, skip + top);
      const body: Record<string, unknown> = { "@odata.count": all.length, value };
      if (skip + top < all.length) {
        url.searchParams.set("$skiptoken", String(skip + top));
        body["@odata.nextLink"] = url.href;
      }
      return { status: 200, body };
    }
    return { status: 404, body: { error: { code: "NotFound", message: "no route" } } };
  };

  return (request) => {
    const override = options.outer?.(request);
    if (override !== undefined) return override;
    const path = request.url.slice(BASE.length);
    if (request.method === "POST" && path === "/me/getMailTips") {
      const body = request.body as { EmailAddresses: string[] };
      return {
        body: {
          value: body.EmailAddresses.map((address) => {
            const tip = options.tips?.[address.toLowerCase()];
            return tip ? { emailAddress: { address }, ...tip } : { emailAddress: { address }, error: { code: "RecipientNotFound", message: "x" } };
          }),
        },
      };
    }
    if (request.method === "POST" && path === "/$batch") {
      const body = request.body as { requests: { id: string; url: string; headers?: Record<string, string> }[] };
      if (body.requests.length > 20) return { status: 400, body: { error: { code: "BadRequest", message: "too many" } } };
      return {
        body: {
          responses: body.requests.map((inner) => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(inner.headers ?? {})) headers[name.toLowerCase()] = value;
            const reply = options.inner?.({ url: inner.url, headers }) ?? route(inner.url, headers);
            return { id: inner.id, status: reply.status, headers: reply.headers ?? {}, body: reply.body };
          }),
        },
      };
    }
    if (request.method === "GET") {
      const reply = route(path, request.headers);
      const out: Reply = { status: reply.status, body: reply.body };
      return out;
    }
    return { status: 405, body: { error: { code: "MethodNotAllowed", message: "no" } } };
  };
}
