import { vi } from "vitest";
import type { User } from "../api/types";
import { aSlaPolicy, anUntrainedClassifier, theAgent } from "./fixtures";

/** A request the console sent, as the fake API saw it. */
export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

type Handler = (request: RecordedRequest, params: Record<string, string>) => Response | Promise<Response>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/json", ...init.headers },
  });
}

export function problem(status: number, title: string, detail?: string, errors?: { field: string; message: string }[]): Response {
  return new Response(JSON.stringify({ type: "about:blank", title, status, detail, errors }), {
    status,
    headers: { "Content-Type": "application/problem+json" },
  });
}

/** JSON bodies as values, form bodies as a record of their fields. */
function parseBody(text: string, contentType: string | null): unknown {
  if (contentType?.startsWith("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  return JSON.parse(text) as unknown;
}

/** The token `renderApp` signs in with, and the fake API accepts. */
export const TEST_TOKEN = "test-token";

/**
 * A fake backend at the network boundary: replaces `fetch`, answers the routes a test
 * declares, records every request, and fails the test loudly on anything undeclared.
 *
 * It answers `GET /api/auth/me` with `account` (an agent unless told otherwise) when the
 * request carries the test token, and 401 otherwise; a test may declare its own route.
 */
export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];

  constructor(options: { account?: User } = {}) {
    const account = options.account ?? theAgent;
    vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) => this.handle(new Request(input, init)));
    // Side panels of the ticket pages answer "nothing found" unless a test says otherwise.
    this.on("GET", "/api/tickets/:id/similar", (_, { id }) => json({ ticket_id: Number(id), similar: [], close_match: 0 }));
    // The AI panels of a ticket: nothing done yet, nothing known, unless a test says otherwise.
    this.on("GET", "/api/tickets/:id/ai", (_, { id }) => json({ ticket_id: Number(id), triage: null, drafts: [], job: null }));
    this.on("GET", "/api/ai/categories", () => json({ items: [] }));
    this.on("GET", "/api/ai/classifier", () => json(anUntrainedClassifier()));
    // The SLA policy (SLA badges read its at-risk window): the defaults for staff, 403 for customers as on the server.
    this.on("GET", "/api/sla/policies", () =>
      account.role === "customer" ? problem(403, "Forbidden", "only agents and admins may read the SLA policy") : json(aSlaPolicy()),
    );
    // The sign-in page asks whether to offer sign-up: open, unless a test says otherwise.
    this.on("GET", "/api/auth/options", () => json({ signup_open: true }));
    this.on("GET", "/api/kb/suggest", ({ url }) => json({ query: url.searchParams.get("q") ?? "", suggestions: [] }));
    this.on("GET", "/api/auth/me", ({ headers }) =>
      headers.get("Authorization") === `Bearer ${TEST_TOKEN}` ? json(account) : problem(401, "Unauthorized", "sign in first"),
    );
  }

  on(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const source = path.replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    this.routes.unshift({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /** Requests sent to `path` (exact pathname), optionally of one method. */
  sent(path: string, method?: string): RecordedRequest[] {
    return this.requests.filter((request) => request.url.pathname === path && (method === undefined || request.method === method));
  }

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const text = await request.text();
    const recorded: RecordedRequest = {
      method: request.method,
      url,
      headers: request.headers,
      body: text ? parseBody(text, request.headers.get("Content-Type")) : undefined,
    };
    this.requests.push(recorded);
    for (const route of this.routes) {
      const match = route.method === request.method ? route.pattern.exec(url.pathname) : null;
      if (match) {
        const params = Object.fromEntries(route.names.map((name, index) => [name, match[index + 1]]));
        return route.handler(recorded, params);
      }
    }
    return problem(599, `No fake route for ${request.method} ${url.pathname}`);
  }
}
