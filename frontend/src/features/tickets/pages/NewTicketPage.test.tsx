import { screen, waitFor } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { FakeApi, json, problem } from "../../../test/fakeApi";
import { aTicket, aUser } from "../../../test/fixtures";
import { renderApp } from "../../../test/renderApp";

const alice = aUser({ id: 1, name: "Alice Agent", email: "alice@example.com" });
const carol = aUser({ id: 3, name: "Carol Customer", email: "carol@example.com" });

function fakeUsers() {
  return new FakeApi().on("GET", "/api/users", ({ url }) => {
    const q = url.searchParams.get("q")?.toLowerCase() ?? "";
    const ids = url.searchParams.get("ids")?.split(",").map(Number);
    const found = [alice, carol].filter((user) => (ids ? ids.includes(user.id) : user.name.toLowerCase().includes(q)));
    return json(found, { headers: { "X-Total-Count": String(found.length) } });
  });
}

async function chooseRequester(user: UserEvent, search: string, label: string) {
  await user.click(screen.getByRole("combobox", { name: "Requester" }));
  await user.type(screen.getByRole("combobox", { name: "Requester" }), search);
  await user.click(await screen.findByTitle(label));
}

describe("new ticket form", () => {
  it("validates required fields as the agent types", async () => {
    fakeUsers();
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/new");

    const title = await screen.findByRole("textbox", { name: "Title" });
    await user.type(title, "Printer");
    expect(screen.queryByText("Title is required")).not.toBeInTheDocument();
    await user.clear(title);
    expect(await screen.findByText("Title is required")).toBeInTheDocument();

    const content = screen.getByRole("textbox", { name: "Content" });
    await user.type(content, "   ");
    expect(await screen.findByText("Content is required")).toBeInTheDocument();

    await user.type(title, "Printer jammed");
    await waitFor(() => expect(screen.queryByText("Title is required")).not.toBeInTheDocument());
  });

  it("does not send an incomplete ticket", async () => {
    const api = fakeUsers();
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/new");

    await user.click(await screen.findByRole("button", { name: "Create ticket" }));

    expect(await screen.findByText("Title is required")).toBeInTheDocument();
    expect(screen.getByText("Content is required")).toBeInTheDocument();
    expect(screen.getByText("Choose the requester")).toBeInTheDocument();
    expect(api.sent("/api/tickets", "POST")).toHaveLength(0);
  });

  it("shows the server's field error on the requester field", async () => {
    const api = fakeUsers().on("POST", "/api/tickets", () =>
      problem(422, "Invalid ticket", "The ticket has invalid fields.", [{ field: "requester_id", message: "User 3 does not exist" }]),
    );
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/new");

    await user.type(await screen.findByRole("textbox", { name: "Title" }), "Printer jammed");
    await user.type(screen.getByRole("textbox", { name: "Content" }), "Paper stuck in tray 2.");
    await chooseRequester(user, "car", "Carol Customer <carol@example.com>");
    await user.click(screen.getByRole("button", { name: "Create ticket" }));

    const requesterField = screen.getByRole("combobox", { name: "Requester" }).closest(".ant-form-item") as HTMLElement;
    await waitFor(() => expect(requesterField).toHaveTextContent("User 3 does not exist"));
    expect(requesterField).toHaveClass("ant-form-item-has-error");

    const [sent] = api.sent("/api/tickets", "POST");
    expect(sent.body).toEqual({
      title: "Printer jammed",
      content: "Paper stuck in tray 2.",
      requester_id: 3,
      status: "open",
      priority: "medium",
      tags: [],
      category: null,
    });
  });

  it("creates the ticket with its tags and opens it", async () => {
    const api = fakeUsers()
      .on("POST", "/api/tickets", () => json(aTicket({ id: 99, title: "Printer jammed" }), { status: 201 }))
      .on("GET", "/api/tickets/:id", () => json(aTicket({ id: 99, title: "Printer jammed" })))
      .on("GET", "/api/tickets/:id/replies", () => json([]));
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/tickets/new");

    await user.type(await screen.findByRole("textbox", { name: "Title" }), "Printer jammed");
    await user.type(screen.getByRole("textbox", { name: "Content" }), "Paper stuck.");
    await chooseRequester(user, "ali", "Alice Agent <alice@example.com>");
    await user.type(screen.getByRole("combobox", { name: "Tags" }), "Hardware,office,");
    await user.click(screen.getByRole("button", { name: "Create ticket" }));

    await waitFor(() => expect(router.state.location.pathname).toBe("/tickets/99"));
    expect(api.sent("/api/tickets", "POST")[0].body).toMatchObject({ requester_id: 1, tags: ["hardware", "office"] });
  });
});
