import { describe, expect, it } from "vitest";
import { ApiError, describeError, toProblem } from "./problem";

const response = (status: number, statusText = "") => new Response(null, { status, statusText });

describe("problem details", () => {
  it("reads an RFC 9457 body with field errors", () => {
    const problem = toProblem(
      { type: "urn:problem:validation", title: "Invalid ticket", status: 422, detail: "1 field is invalid", errors: [{ field: "body.requester_id", message: "no such user" }] },
      response(422),
    );
    const error = new ApiError(problem);
    expect(error.message).toBe("1 field is invalid");
    expect(error.fieldErrors).toEqual([{ field: "requester_id", message: "no such user" }]);
    expect(describeError(error)).toEqual({ status: 422, message: "1 field is invalid", fieldErrors: [{ field: "requester_id", message: "no such user" }] });
  });

  it("falls back to the title, then to the HTTP status", () => {
    expect(new ApiError(toProblem({ title: "Conflict", status: 409 }, response(409))).message).toBe("Conflict");
    expect(new ApiError(toProblem("", response(502, "Bad Gateway"))).message).toBe("Bad Gateway");
    expect(new ApiError(toProblem(undefined, response(500))).message).toBe("Request failed with status 500");
  });

  it("explains network failures and unknown throws", () => {
    expect(describeError(new TypeError("Failed to fetch")).message).toMatch(/Could not reach the server/);
    expect(describeError("boom").message).toBe("Something went wrong.");
  });
});
