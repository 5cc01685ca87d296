import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../api/problem";
import { loginPath, safeNextPath } from "./redirect";

describe("coming back after signing in", () => {
  it("only goes back to pages of this console", () => {
    expect(safeNextPath("/tickets/4?tab=x#y")).toBe("/tickets/4?tab=x#y");
    expect(safeNextPath("https://evil.example/")).toBeNull();
    expect(safeNextPath("//evil.example/")).toBeNull();
    expect(safeNextPath("/\\evil.example")).toBeNull();
    expect(safeNextPath("/login?next=/x")).toBeNull();
    expect(safeNextPath("/signup")).toBeNull();
    expect(safeNextPath(null)).toBeNull();
  });

  it("remembers the page in the sign-in address, except home", () => {
    expect(loginPath("/tickets?status=open")).toBe("/login?next=%2Ftickets%3Fstatus%3Dopen");
    expect(loginPath("/")).toBe("/login");
    expect(loginPath(undefined)).toBe("/login");
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("42")).toBe(42);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(30);
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});
