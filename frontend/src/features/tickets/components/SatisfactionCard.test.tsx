import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Rating, TicketSatisfaction } from "../../../api/types";
import { FakeApi, json, problem } from "../../../test/fakeApi";
import { aTicket, aUser, theAgent, theCustomer } from "../../../test/fixtures";
import { renderApp } from "../../../test/renderApp";

const resolvedTicket = aTicket({ id: 4, status: "resolved", requester_id: theCustomer.id, resolved_at: "2025-01-03T09:00:00Z" });

function aRating(overrides: Partial<Rating> = {}): Rating {
  return {
    id: 1,
    ticket_id: 4,
    rater_id: theCustomer.id,
    score: 4,
    comment: "Quick and friendly.",
    resolved_at: "2025-01-03T09:00:00Z",
    created_at: "2025-01-03T10:00:00Z",
    ...overrides,
  };
}

/** The ticket's satisfaction as the server keeps it: one rating per resolution. */
function fakeBackend(account = theCustomer, stored: Rating | null = null) {
  const state: TicketSatisfaction = { current: stored, history: stored ? [stored] : [] };
  const api = new FakeApi({ account })
    .on("GET", "/api/users", () => json([aUser({ id: theCustomer.id, name: theCustomer.name }), theAgent], { headers: { "X-Total-Count": "2" } }))
    .on("GET", "/api/tickets/:id", () => json(resolvedTicket))
    .on("GET", "/api/tickets/:id/replies", () => json([]))
    .on("GET", "/api/tickets/:id/activity", () => json([]))
    .on("GET", "/api/tickets/:id/satisfaction", () => json(state))
    .on("POST", "/api/tickets/:id/satisfaction", ({ body }) => {
      if (state.current) return problem(409, "Conflict", "this resolution is rated already");
      const { score, comment } = body as { score: number; comment: string | null };
      state.current = aRating({ score, comment });
      state.history = [state.current];
      return json(state.current, { status: 201 });
    });
  return api;
}

const cardOf = (heading: HTMLElement) => heading.closest(".ant-card") as HTMLElement;

describe("the satisfaction card", () => {
  it("asks the requester to rate, then reads as the record of their rating", async () => {
    const api = fakeBackend();
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/4");

    const card = cardOf(await screen.findByRole("heading", { name: "Rate this resolution" }));
    const stars = await within(card).findAllByRole("radio");
    await user.click(stars[3]);
    await user.type(within(card).getByRole("textbox", { name: "Comment (optional)" }), "Quick and friendly.");
    await user.click(within(card).getByRole("button", { name: "Send rating" }));

    await waitFor(() => expect(api.sent("/api/tickets/4/satisfaction", "POST")).toHaveLength(1));
    expect(api.sent("/api/tickets/4/satisfaction", "POST")[0].body).toEqual({ score: 4, comment: "Quick and friendly." });

    const rated = cardOf(await screen.findByRole("heading", { name: "Your rating" }));
    expect(screen.queryByRole("heading", { name: "Rate this resolution" })).not.toBeInTheDocument();
    expect(within(rated).getByText("4/5")).toBeInTheDocument();
    expect(within(rated).getByText("Good")).toBeInTheDocument();
    expect(within(rated).getByText("“Quick and friendly.”")).toBeInTheDocument();
    expect(within(rated).getByText(/^You rated this resolution/)).toBeInTheDocument();
    // Once per resolution: nothing to send again, and the card says why.
    expect(within(rated).queryByRole("button", { name: "Send rating" })).not.toBeInTheDocument();
    expect(within(rated).getByText(/A rating cannot be changed/)).toBeInTheDocument();
  });

  it("shows a requester who rated earlier their rating, not the question", async () => {
    fakeBackend(theCustomer, aRating({ score: 2, comment: null }));
    renderApp("/tickets/4");

    const card = cardOf(await screen.findByRole("heading", { name: "Your rating" }));
    expect(within(card).getByText("2/5")).toBeInTheDocument();
    expect(within(card).getByText("Poor")).toBeInTheDocument();
    expect(within(card).queryByRole("textbox")).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Rate this resolution" })).not.toBeInTheDocument();
  });

  it("shows staff the requester's rating under Satisfaction", async () => {
    fakeBackend(theAgent, aRating());
    renderApp("/tickets/4");

    const card = cardOf(await screen.findByRole("heading", { name: "Satisfaction" }));
    expect(await within(card).findByText("4/5")).toBeInTheDocument();
    expect(within(card).getByText(/^Rated /)).toBeInTheDocument();
    expect(within(card).queryByText(/A rating cannot be changed/)).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Your rating" })).not.toBeInTheDocument();
  });
});
