import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { FakeApi, json, problem } from "../../../test/fakeApi";
import { aUser } from "../../../test/fixtures";
import { renderApp } from "../../../test/renderApp";

describe("users", () => {
  it("lists and searches users with the query in the URL", async () => {
    const api = new FakeApi().on("GET", "/api/users", () =>
      json([aUser({ id: 1, name: "Alice Agent" })], { headers: { "X-Total-Count": "31" } }),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/users");

    expect(await screen.findByRole("link", { name: "Alice Agent" })).toBeInTheDocument();
    expect(screen.getByText("31 users")).toBeInTheDocument();
    await user.type(screen.getByRole("searchbox", { name: "Search users" }), "ali{Enter}");
    await waitFor(() => expect(router.state.location.search).toBe("?q=ali"));
    await waitFor(() => expect(api.sent("/api/users").at(-1)?.url.searchParams.get("q")).toBe("ali"));
  });

  it("shows a duplicate e-mail (409) on the email field", async () => {
    new FakeApi()
      .on("GET", "/api/users", () => json([], { headers: { "X-Total-Count": "0" } }))
      .on("POST", "/api/users", () => problem(409, "Conflict", "A user with e-mail alice@example.com already exists."));
    const user = userEvent.setup({ delay: null });
    renderApp("/users");

    await user.click(await screen.findByRole("button", { name: "New user" }));
    const dialog = await screen.findByRole("dialog", { name: "New user" });
    await user.type(within(dialog).getByRole("textbox", { name: "Name" }), "Alice");
    await user.type(within(dialog).getByRole("textbox", { name: "Email" }), "alice@example.com{Enter}");

    const emailField = within(dialog).getByRole("textbox", { name: "Email" }).closest(".ant-form-item") as HTMLElement;
    await waitFor(() => expect(emailField).toHaveTextContent("A user with e-mail alice@example.com already exists."));
  });
});
