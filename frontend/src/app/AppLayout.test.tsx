import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { FakeApi, json } from "../test/fakeApi";
import { aTicket } from "../test/fixtures";
import { renderApp } from "../test/renderApp";
import { setScreenWidth } from "../test/screen";

function fakeBackend() {
  return new FakeApi()
    .on("GET", "/api/users", () => json([], { headers: { "X-Total-Count": "0" } }))
    .on("GET", "/api/tickets", () => json([aTicket({ id: 4 })], { headers: { "X-Total-Count": "1" } }));
}

const sider = () => document.querySelector<HTMLElement>(".ant-layout-sider");

describe("the console's frame", () => {
  it("has the side menu open on a desktop and folded to icons (80 px) on a laptop", async () => {
    fakeBackend();
    const desktop = renderApp("/tickets");
    expect(await screen.findByRole("navigation", { name: "Main" })).toBeInTheDocument();
    expect(sider()).toHaveStyle({ width: "208px" });
    expect(screen.getByRole("link", { name: "AstraTickets home" })).toHaveTextContent("AstraTickets");
    desktop.unmount();

    setScreenWidth(1024);
    fakeBackend();
    renderApp("/tickets");
    await screen.findByRole("navigation", { name: "Main" });
    await waitFor(() => expect(sider()).toHaveStyle({ width: "80px" }));
    expect(screen.getByRole("link", { name: "AstraTickets home" })).toHaveTextContent("AT");
  });

  it("leaves a phone's whole width to the page and opens the menu as a drawer from the header", async () => {
    setScreenWidth(390);
    fakeBackend();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/tickets");
    expect(await screen.findByRole("heading", { name: "Tickets" })).toBeInTheDocument();
    const open = await screen.findByRole("button", { name: "Open menu" });

    // No side bar, not even a folded one: the menu takes no width.
    expect(sider()).toBeNull();
    expect(screen.queryByRole("navigation", { name: "Main" })).not.toBeInTheDocument();
    expect(open).toHaveAttribute("aria-expanded", "false");

    await user.click(open);
    const menu = await screen.findByRole("navigation", { name: "Main" });
    expect(open).toHaveAttribute("aria-expanded", "true");
    expect(within(menu).getByRole("link", { name: "Tickets" })).toBeInTheDocument();
    await user.click(within(menu).getByRole("link", { name: "Home" }));

    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
    await waitFor(() => expect(open).toHaveAttribute("aria-expanded", "false"));
  });
});
