import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { FakeApi, json } from "../../../test/fakeApi";
import { theCustomer } from "../../../test/fixtures";
import { renderApp } from "../../../test/renderApp";

describe("suggested articles on the new-ticket form", () => {
  it("suggests articles for what the customer types, once typing rests, and expands them", async () => {
    const api = new FakeApi({ account: theCustomer }).on("GET", "/api/kb/suggest", ({ url }) =>
      json({
        query: url.searchParams.get("q"),
        suggestions: [
          { document_id: "reset-password", title: "Resetting your password", snippet: "Open Settings and choose Reset password.", score: 0.71 },
          { document_id: "two-factor", title: "Two-factor sign-in", snippet: "Use your authenticator app.", score: 0.4 },
        ],
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/new");

    await user.type(await screen.findByRole("textbox", { name: "Title" }), "Forgot my password");
    const region = await screen.findByRole("region", { name: "Suggested articles" });
    expect(region).toHaveTextContent("Resetting your password");
    expect(region).toHaveTextContent("Two-factor sign-in");
    // Customers see no scores.
    expect(region).not.toHaveTextContent("score");

    // Debounced: one request for the whole title, not one per keystroke.
    const sent = api.sent("/api/kb/suggest", "GET");
    expect(sent).toHaveLength(1);
    expect(sent[0].url.searchParams.get("q")).toBe("Forgot my password");

    const header = screen.getByRole("button", { name: /Resetting your password/ });
    expect(header).toHaveAttribute("aria-expanded", "false");
    await user.click(header);
    await waitFor(() => expect(header).toHaveAttribute("aria-expanded", "true"));
    expect(await screen.findByText("Open Settings and choose Reset password.")).toBeInTheDocument();

    await user.type(screen.getByRole("textbox", { name: "Content" }), "since Monday");
    await waitFor(() => expect(api.sent("/api/kb/suggest", "GET").at(-1)?.url.searchParams.get("q")).toBe("Forgot my password since Monday"));
  });

  it("asks nothing for fewer than three characters and shows nothing without suggestions", async () => {
    const api = new FakeApi({ account: theCustomer });
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/new");
    await user.type(await screen.findByRole("textbox", { name: "Title" }), "Hi");
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(api.sent("/api/kb/suggest")).toHaveLength(0);
    await user.type(screen.getByRole("textbox", { name: "Title" }), " there");
    await waitFor(() => expect(api.sent("/api/kb/suggest")).toHaveLength(1));
    expect(screen.queryByRole("region", { name: "Suggested articles" })).not.toBeInTheDocument();
  });
});
