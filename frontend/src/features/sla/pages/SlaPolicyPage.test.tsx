import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { SlaPolicy, SlaPolicyUpdate } from "../../../api/types";
import { FakeApi, json, problem } from "../../../test/fakeApi";
import { aSlaPolicy, theAdmin, theAgent, theCustomer } from "../../../test/fixtures";
import { renderApp } from "../../../test/renderApp";

const berlin: NonNullable<SlaPolicy["business_hours"]> = {
  timezone: "Europe/Berlin",
  week: {
    monday: [
      { start: "09:00", end: "12:00" },
      { start: "13:00", end: "17:00" },
    ],
    tuesday: [{ start: "09:00", end: "17:00" }],
    wednesday: [{ start: "09:00", end: "17:00" }],
    thursday: [{ start: "09:00", end: "17:00" }],
    friday: [{ start: "09:00", end: "15:00" }],
    saturday: [],
    sunday: [],
  },
};

/** A policy with a calendar, the low priority counted in it, and a 45-minute at-risk window. */
function storedPolicy(): SlaPolicy {
  const policy = aSlaPolicy({ business_hours: berlin, at_risk_minutes: 45 });
  policy.targets.low = { first_response_minutes: 24 * 60, resolution_minutes: 36 * 60, business_hours: true };
  return policy;
}

function backend(account = theAdmin) {
  const state = { policy: storedPolicy() };
  const api = new FakeApi({ account }).on("GET", "/api/sla/policies", () => json(state.policy));
  return { api, state };
}

/** The form item (field, label, errors) around a control. */
const itemOf = (element: HTMLElement) => element.closest(".ant-form-item") as HTMLElement;
const targetRow = (priority: string) => screen.getByRole("row", { name: new RegExp(`^${priority}`) });

describe("the SLA policy page", () => {
  it("shows the targets readably, the calendar and the server's at-risk window", async () => {
    backend();
    renderApp("/settings/sla");

    expect(await screen.findByRole("heading", { name: "SLA policy", level: 1 })).toBeInTheDocument();
    expect(await screen.findByRole("spinbutton", { name: "Urgent first response, hours" })).toHaveValue("1");
    expect(screen.getByRole("spinbutton", { name: "Urgent first response, minutes" })).toHaveValue("0");
    expect(screen.getByRole("spinbutton", { name: "Low resolution, hours" })).toHaveValue("36");
    expect(targetRow("Low")).toHaveTextContent("= 1 d 12 h");
    expect(targetRow("Medium")).toHaveTextContent("= 3 d");
    expect(screen.getByRole("switch", { name: "Low: count business hours" })).toBeChecked();
    expect(screen.getByRole("switch", { name: "Urgent: count business hours" })).not.toBeChecked();

    expect(screen.getByRole("switch", { name: "Use a business-hours calendar" })).toBeChecked();
    expect(screen.getByTitle("Europe/Berlin")).toBeInTheDocument();
    const monday = screen.getByRole("group", { name: "Monday" });
    expect(within(monday).getByRole("switch", { name: "Monday open" })).toBeChecked();
    expect(within(monday).getByRole("textbox", { name: "Monday from (1)" })).toHaveValue("09:00");
    expect(within(monday).getByRole("textbox", { name: "Monday until (2)" })).toHaveValue("17:00");
    const saturday = screen.getByRole("group", { name: "Saturday" });
    expect(within(saturday).getByRole("switch", { name: "Saturday open" })).not.toBeChecked();
    expect(within(saturday).queryByRole("textbox")).not.toBeInTheDocument();

    expect(screen.getByLabelText("At-risk window")).toHaveTextContent("45 min");
    expect(screen.getByText("SLA_AT_RISK_MINUTES=45")).toBeInTheDocument();
    expect(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "SLA policy" })).toBeInTheDocument();
  });

  it("saves an admin's changes as the whole policy, then shows what the server stored", async () => {
    const { api, state } = backend();
    api.on("PUT", "/api/sla/policies", ({ body }) => {
      // The server's answer: what it stored, plus its at-risk window.
      state.policy = { ...(body as SlaPolicyUpdate), at_risk_minutes: 45 } as SlaPolicy;
      return json(state.policy);
    });
    const user = userEvent.setup({ delay: null });
    renderApp("/settings/sla");

    const hours = await screen.findByRole("spinbutton", { name: "Urgent first response, hours" });
    await user.clear(hours);
    await user.type(hours, "0");
    const minutes = screen.getByRole("spinbutton", { name: "Urgent first response, minutes" });
    await user.clear(minutes);
    await user.type(minutes, "30");
    const resolution = screen.getByRole("spinbutton", { name: "High resolution, hours" });
    await user.clear(resolution);
    await user.type(resolution, "48");
    expect(targetRow("High")).toHaveTextContent("= 2 d");
    await user.click(screen.getByRole("switch", { name: "Urgent: count business hours" }));

    // Saturday opens with the usual hours; Monday's afternoon ends earlier; the time zone is searched for.
    await user.click(screen.getByRole("switch", { name: "Saturday open" }));
    expect(await screen.findByRole("textbox", { name: "Saturday from" })).toHaveValue("09:00");
    const mondayUntil = screen.getByRole("textbox", { name: "Monday until (2)" });
    await user.clear(mondayUntil);
    await user.type(mondayUntil, "16:30");
    await user.click(screen.getByRole("button", { name: "Remove Tuesday hours" }));
    await user.click(screen.getByRole("combobox", { name: "Time zone" }));
    await user.type(screen.getByRole("combobox", { name: "Time zone" }), "new york");
    await user.click(await screen.findByTitle("America/New_York"));

    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(api.sent("/api/sla/policies", "PUT")).toHaveLength(1));
    const expected: SlaPolicyUpdate = {
      targets: {
        urgent: { first_response_minutes: 30, resolution_minutes: 240, business_hours: true },
        high: { first_response_minutes: 240, resolution_minutes: 48 * 60, business_hours: false },
        medium: { first_response_minutes: 480, resolution_minutes: 72 * 60, business_hours: false },
        low: { first_response_minutes: 24 * 60, resolution_minutes: 36 * 60, business_hours: true },
      },
      business_hours: {
        timezone: "America/New_York",
        week: {
          ...berlin.week,
          monday: [
            { start: "09:00", end: "12:00" },
            { start: "13:00", end: "16:30" },
          ],
          tuesday: [],
          saturday: [{ start: "09:00", end: "17:00" }],
        },
      },
    };
    expect(api.sent("/api/sla/policies", "PUT")[0].body).toEqual(expected);
    expect(await screen.findByText("SLA policy saved")).toBeInTheDocument();
    // The form starts again from the server's answer.
    await waitFor(() => expect(screen.getByRole("spinbutton", { name: "Urgent first response, minutes" })).toHaveValue("30"));
    expect(screen.getByTitle("America/New_York")).toBeInTheDocument();
    expect(within(screen.getByRole("group", { name: "Tuesday" })).getByRole("switch", { name: "Tuesday open" })).not.toBeChecked();
  });

  it("shows the server's problems on the fields they are about", async () => {
    const { api } = backend();
    api.on("PUT", "/api/sla/policies", () =>
      problem(422, "Invalid input", "targets.urgent.first_response_minutes: Expected `int` <= 527040", [
        { field: "targets.urgent.first_response_minutes", message: "Expected `int` <= 527040" },
        { field: "business_hours", message: "monday: intervals must be in order and not overlap" },
      ]),
    );
    const user = userEvent.setup({ delay: null });
    renderApp("/settings/sla");

    await user.click(await screen.findByRole("button", { name: "Save" }));
    await waitFor(() => expect(api.sent("/api/sla/policies", "PUT")).toHaveLength(1));
    const urgentFirst = screen.getByRole("spinbutton", { name: "Urgent first response, hours" });
    await waitFor(() => expect(itemOf(urgentFirst)).toHaveTextContent("Expected `int` <= 527040"));
    expect(itemOf(screen.getByRole("spinbutton", { name: "Urgent resolution, hours" }))).not.toHaveTextContent("Expected");
    expect(itemOf(screen.getByRole("switch", { name: "Monday open" }))).toHaveTextContent("intervals must be in order and not overlap");
    expect(screen.getByRole("alert")).toHaveTextContent("The policy was not saved");
    expect(screen.queryByText("SLA policy saved")).not.toBeInTheDocument();
  });

  it("checks the form before sending it", async () => {
    const { api } = backend();
    const user = userEvent.setup({ delay: null });
    renderApp("/settings/sla");

    const hours = await screen.findByRole("spinbutton", { name: "High first response, hours" });
    await user.clear(hours);
    await user.clear(screen.getByRole("spinbutton", { name: "High first response, minutes" }));
    await user.click(screen.getByRole("switch", { name: "Use a business-hours calendar" }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(itemOf(hours)).toHaveTextContent("At least 1 minute"));
    expect(itemOf(screen.getByRole("switch", { name: "Low: count business hours" }))).toHaveTextContent("Needs the business-hours calendar below");
    expect(api.sent("/api/sla/policies", "PUT")).toHaveLength(0);
  });

  it("is read-only for agents", async () => {
    const { api } = backend(theAgent);
    renderApp("/settings/sla");

    expect(await screen.findByText("Read-only: admins change the policy")).toBeInTheDocument();
    expect(await screen.findByRole("row", { name: /^Urgent/ })).toBeInTheDocument();
    expect(targetRow("Urgent")).toHaveTextContent("1 h4 hClock hours");
    expect(targetRow("Low")).toHaveTextContent("1 d1 d 12 hBusiness hours");
    const calendar = screen.getByLabelText("Business hours");
    expect(calendar).toHaveTextContent("Europe/Berlin");
    expect(calendar).toHaveTextContent("Monday09:00–12:00, 13:00–17:00");
    expect(calendar).toHaveTextContent("SaturdayClosed");
    expect(screen.getByLabelText("At-risk window")).toHaveTextContent("45 min");
    expect(screen.queryByRole("spinbutton")).not.toBeInTheDocument();
    expect(screen.queryByRole("switch")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Save" })).not.toBeInTheDocument();
    expect(api.sent("/api/sla/policies", "PUT")).toHaveLength(0);
  });

  it("is not for customers: no menu entry, and the page sends them to their own tickets", async () => {
    const api = new FakeApi({ account: theCustomer }).on("GET", "/api/tickets", () => json([], { headers: { "X-Total-Count": "0" } }));
    const { router } = renderApp("/settings/sla");

    await waitFor(() => expect(router.state.location.pathname).toBe("/tickets"));
    expect(await screen.findByRole("heading", { name: "My tickets" })).toBeInTheDocument();
    expect(within(screen.getByRole("navigation", { name: "Main" })).queryByRole("link", { name: "SLA policy" })).not.toBeInTheDocument();
    expect(api.sent("/api/sla/policies")).toHaveLength(0);
  });
});
