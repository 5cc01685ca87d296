import { vi } from "vitest";

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

/**
 * A fake backend at the network boundary: replaces `fetch`, answers the routes a test
 * declares, records every request, and fails the test loudly on anything undeclared.
 */
export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];

  constructor() {
    vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) => this.handle(new Request(input, init)));
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
      body: text ? (JSON.parse(text) as unknown) : undefined,
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
