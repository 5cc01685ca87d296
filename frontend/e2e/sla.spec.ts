import { expect } from "@playwright/test";
import { ADMIN, createUser, screenshot, signIn, test } from "./accounts";

/**
 * An admin changes the SLA policy on the console's SLA page (the urgent first-response target
 * from 1 hour to 30 minutes); a new urgent ticket then falls due 30 minutes after it was opened,
 * and its page's SLA badge counts down from there. The policy is put back afterwards.
 */
const runId = `${Date.now().toString(36)}s`;

test("an admin shortens the urgent first-response target and a new urgent ticket is due in 30 minutes", async ({ page, adminApi }) => {
  const before = await adminApi.get("/api/sla/policies");
  expect(before.status()).toBe(200);
  const { at_risk_minutes: atRiskMinutes, ...original } = (await before.json()) as { at_risk_minutes: number; targets: Record<string, unknown> };

  try {
    await test.step("the admin sets 30 minutes on the SLA page and saves", async () => {
      await page.goto("/settings/sla");
      await signIn(page, ADMIN.email, ADMIN.password);
      await expect(page).toHaveURL(/\/settings\/sla$/);
      await expect(page.getByRole("heading", { name: "SLA policy", level: 1 })).toBeVisible();
      // The server's at-risk window, read-only (SLA_AT_RISK_MINUTES, 60 unless configured).
      await expect(page.getByText(`SLA_AT_RISK_MINUTES=${atRiskMinutes}`)).toBeVisible();

      const hours = page.getByRole("spinbutton", { name: "Urgent first response, hours" });
      await expect(hours).toHaveValue("1");
      await hours.fill("0");
      await page.getByRole("spinbutton", { name: "Urgent first response, minutes" }).fill("30");
      await screenshot(page, "sla-policy-edited");
      await page.getByRole("button", { name: "Save" }).click();
      await expect(page.getByText("SLA policy saved")).toBeVisible();
      // The form shows what the server stored.
      await expect(hours).toHaveValue("0");
      await expect(page.getByRole("spinbutton", { name: "Urgent first response, minutes" })).toHaveValue("30");
    });

    const stored = (await (await adminApi.get("/api/sla/policies")).json()) as { targets: { urgent: { first_response_minutes: number; resolution_minutes: number } } };
    expect(stored.targets.urgent).toMatchObject({ first_response_minutes: 30, resolution_minutes: 240 });

    const requester = await createUser(adminApi, { name: `Sally Sla ${runId}`, email: `sally-${runId}@example.com` });
    const created = await adminApi.post("/api/tickets", {
      data: { title: `Checkout is down ${runId}`, content: "Nobody can pay.", requester_id: requester.id, priority: "urgent" },
    });
    expect(created.status(), await created.text()).toBe(201);
    const ticket = (await created.json()) as { id: number; created_at: string; first_response_due_at: string };
    expect(Date.parse(ticket.first_response_due_at) - Date.parse(ticket.created_at)).toBe(30 * 60_000);

    await test.step("the new urgent ticket's badge counts down from 30 minutes", async () => {
      await page.goto(`/tickets/${ticket.id}`);
      await expect(page.getByRole("heading", { name: `#${ticket.id} Checkout is down ${runId}` })).toBeVisible();
      const badge = page.locator("[data-sla]");
      // 30 minutes (less the seconds the test took) left: at risk within the default 60-minute window.
      await expect(badge).toHaveAttribute("data-sla", atRiskMinutes >= 30 ? "at_risk" : "ok");
      await expect(badge).toHaveText(/^SLA (at risk|ok) · (30|2\d) min left$/);
      await badge.hover();
      await expect(page.getByRole("tooltip")).toContainText("First response due");
      await screenshot(page, "sla-urgent-ticket");
    });
  } finally {
    // Other specs expect the default targets.
    const restored = await adminApi.put("/api/sla/policies", { data: original });
    expect(restored.status(), await restored.text()).toBe(200);
  }
});
