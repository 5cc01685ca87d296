import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { SimilarTicket } from "../../../api/types";
import { FakeApi, json } from "../../../test/fakeApi";
import { aTicket, aUser, theAgent } from "../../../test/fixtures";
import { renderApp } from "../../../test/renderApp";

function aSimilarTicket(id: number, title: string, score: number): SimilarTicket {
  return { id, title, score, status: "resolved", priority: "medium", category: null, created_at: "2025-01-01T10:00:00Z", resolved_at: "2025-01-01T12:00:00Z" };
}

function fakeBackend(similar: SimilarTicket[], closeMatch = 0.35) {
  return new FakeApi()
    .on("GET", "/api/users", () => json([aUser({ id: 1 }), theAgent], { headers: { "X-Total-Count": "2" } }))
    .on("GET", "/api/tickets/:id", () => json(aTicket({ id: 4, requester_id: 1 })))
    .on("GET", "/api/tickets/:id/replies", () => json([]))
    .on("GET", "/api/tickets/:id/activity", () => json([]))
    .on("GET", "/api/tickets/:id/similar", () => json({ ticket_id: 4, similar, close_match: closeMatch }));
}

describe("similar tickets", () => {
  it("lists the matches the server calls close, and folds the weak ones behind a button that counts them", async () => {
    fakeBackend([
      aSimilarTicket(11, "Printer smoking", 0.72),
      aSimilarTicket(12, "Printer jams", 0.41),
      aSimilarTicket(13, "Password reset", 0.39),
      aSimilarTicket(14, "Invoice address", 0.04),
    ], 0.4);
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/4");

    const panel = await screen.findByRole("region", { name: "Similar tickets" });
    const first = within(panel).getByRole("link", { name: "#11 Printer smoking" }).closest("li") as HTMLElement;
    expect(within(first).getByText("Close match")).toHaveAttribute("title", "Similarity 0.72");
    const second = within(panel).getByRole("link", { name: "#12 Printer jams" }).closest("li") as HTMLElement;
    expect(within(second).getByText("Close match")).toBeInTheDocument();
    // No raw scores on the page; below the server's close_match (0.4) not listed, but said to exist.
    expect(panel).not.toHaveTextContent(/0\.\d\d/);
    expect(within(panel).queryByRole("link", { name: "#13 Password reset" })).not.toBeInTheDocument();
    expect(within(panel).queryByRole("link", { name: "#14 Invoice address" })).not.toBeInTheDocument();

    const toggle = within(panel).getByRole("button", { name: "Show 2 weaker matches" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await user.click(toggle);
    const weak = within(panel).getByRole("link", { name: "#14 Invoice address" }).closest("li") as HTMLElement;
    expect(within(weak).getByText("Weak match")).toBeInTheDocument();
    expect(within(panel).getByRole("link", { name: "#13 Password reset" })).toBeInTheDocument();
    expect(within(panel).getByRole("button", { name: "Hide 2 weaker matches" })).toHaveAttribute("aria-expanded", "true");
  });

  it("lists every match in order, unlabelled, when the server knows no close-match score", async () => {
    fakeBackend([aSimilarTicket(11, "Printer smoking", 0.9), aSimilarTicket(14, "Invoice address", 0.04)], 0);
    renderApp("/tickets/4");

    const panel = await screen.findByRole("region", { name: "Similar tickets" });
    const links = within(panel).getAllByRole("link").map((link) => link.textContent);
    expect(links).toEqual(["#11 Printer smoking", "#14 Invoice address"]);
    expect(within(panel).queryByText(/match/)).not.toBeInTheDocument();
    expect(within(panel).queryByRole("button")).not.toBeInTheDocument();
  });

  it("says there is no close match when every match is weak, and still offers them", async () => {
    fakeBackend([aSimilarTicket(13, "Password reset", 0.2)]);
    renderApp("/tickets/4");

    const panel = await screen.findByRole("region", { name: "Similar tickets" });
    expect(within(panel).getByText("No close matches.")).toBeInTheDocument();
    expect(within(panel).getByRole("button", { name: "Show 1 weaker match" })).toBeInTheDocument();
    expect(within(panel).queryByRole("link")).not.toBeInTheDocument();
  });
});
