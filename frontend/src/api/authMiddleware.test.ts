import { describe, expect, it } from "vitest";
import { FakeApi, json, problem } from "../test/fakeApi";
import { api } from "./client";
import { currentSession, replaceSessionToken, startSession } from "./session";

/** A backend that accepts only `valid` and answers 401 to any other token. */
function backend(valid: () => string) {
  return new FakeApi().on("GET", "/api/tickets", ({ headers }) =>
    headers.get("Authorization") === `Bearer ${valid()}` ? json([]) : problem(401, "Unauthorized", "sign in first"),
  );
}

describe("the API client's 401 handling", () => {
  it("ends the session on a 401 to its current token", async () => {
    backend(() => "another-token");
    startSession({ access_token: "old-token", expires_in: 3600 });

    await api.GET("/api/tickets");

    expect(currentSession()).toBeNull();
  });

  it("keeps the session when a 401 answers a token it has replaced meanwhile (own password change)", async () => {
    backend(() => "new-token");
    const session = startSession({ access_token: "old-token", expires_in: 3600 });
    replaceSessionToken(session.id, { access_token: "new-token", expires_in: 1800 });

    // A request that went out with the old token before the change, answered after it.
    await api.GET("/api/tickets", { headers: { Authorization: "Bearer old-token" } });
    expect(currentSession()?.accessToken).toBe("new-token");
    expect(currentSession()?.id).toBe(session.id);

    const { response } = await api.GET("/api/tickets");
    expect(response.status).toBe(200);
  });

  it("replaces a token only in the session it was asked for", () => {
    const first = startSession({ access_token: "first", expires_in: 3600 });
    startSession({ access_token: "someone-else", expires_in: 3600 });

    expect(replaceSessionToken(first.id, { access_token: "late", expires_in: 1800 })?.accessToken).toBe("someone-else");
    expect(currentSession()?.accessToken).toBe("someone-else");
  });

  it("renews a replaced token on a fresh schedule", () => {
    const now = 1_000_000;
    const session = startSession({ access_token: "old-token", expires_in: 1800 }, now);
    const replaced = replaceSessionToken(session.id, { access_token: "new-token", expires_in: 1800 }, now + 1000);
    expect(replaced?.expiresAt).toBe(now + 1000 + 1800 * 1000);
    expect(replaced?.renewAt).not.toBeNull();
    expect(replaced?.renewAt).toBeGreaterThan(now + 1000);
  });
});
