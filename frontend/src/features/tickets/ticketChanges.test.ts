import { describe, expect, it } from "vitest";
import { aTicket } from "../../test/fixtures";
import { ticketChanges, ticketToFormValues } from "./ticketChanges";

describe("ticket changes", () => {
  it("sends only what the agent changed", () => {
    const ticket = aTicket({ tags: ["printer"], category: "hardware" });
    const values = { ...ticketToFormValues(ticket), priority: "high" as const, tags: ["printer", "Office "] };
    expect(ticketChanges(ticket, values)).toEqual({ priority: "high", tags: ["printer", "office"] });
  });

  it("finds nothing to send when nothing changed", () => {
    const ticket = aTicket({ tags: ["a", "b"] });
    expect(ticketChanges(ticket, { ...ticketToFormValues(ticket), title: `  ${ticket.title} ` })).toEqual({});
  });

  it("clears the category and the assignee", () => {
    const ticket = aTicket({ category: "billing", assignee_id: 2 });
    expect(ticketChanges(ticket, { ...ticketToFormValues(ticket), category: " ", assignee_id: undefined })).toEqual({
      category: null,
      assignee_id: null,
    });
  });
});
