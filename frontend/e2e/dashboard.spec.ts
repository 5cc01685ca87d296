import { expect, type APIRequestContext } from "@playwright/test";
import { ADMIN, createUser, screenshot, signIn, signOut, test } from "./accounts";

/**
 * A ticket resolved and rated during the test shows on the dashboard: the customer rates
 * the resolution on the ticket page (1-5 stars and a comment), then the admin's dashboard
 * shows the same figures as `GET /api/stats/dashboard`, one more of each, and downloads the CSV.
 */
const runId = Date.now().toString(36);

interface Figures {
  totals: { created: number; resolved: number };
  satisfaction: { overall: { count: number; average: number | null } };
}

async function figures(api: APIRequestContext): Promise<Figures> {
  const response = await api.get("/api/stats/dashboard");
  expect(response.status()).toBe(200);
  return (await response.json()) as Figures;
}

test("the dashboard reflects a ticket resolved and rated during the test", async ({ page, adminApi }) => {
  const before = await figures(adminApi);
  const password = "rosa-passphrase-62";
  const customer = { name: `Rosa Rater ${runId}`, email: `rosa-${runId}@example.com` };
  const { id: customerId } = await createUser(adminApi, { ...customer, role: "customer", password });
  const created = await adminApi.post("/api/tickets", {
    data: { title: `Cannot print invoices ${runId}`, content: "The invoice page prints blank pages.", requester_id: customerId },
  });
  expect(created.status()).toBe(201);
  const ticket = (await created.json()) as { id: number; version: number };
  const reply = await adminApi.post(`/api/tickets/${ticket.id}/replies`, { data: { content: "Fixed: the print stylesheet was missing." } });
  expect(reply.status()).toBe(201);
  const current = (await (await adminApi.get(`/api/tickets/${ticket.id}`)).json()) as { version: number };
  const resolved = await adminApi.patch(`/api/tickets/${ticket.id}`, {
    data: { status: "resolved" },
    headers: { "If-Match": `"${current.version}"` },
  });
  expect(resolved.status(), await resolved.text()).toBe(200);

  await test.step("the customer rates the resolved ticket", async () => {
    await page.goto(`/tickets/${ticket.id}`);
    await signIn(page, customer.email, password);
    await expect(page).toHaveURL(new RegExp(`/tickets/${ticket.id}$`));
    const card = page.locator(".ant-card").filter({ has: page.getByRole("heading", { name: "Rate this resolution" }) });
    await expect(card).toBeVisible();
    await card.getByRole("button", { name: "Send rating" }).click();
    await expect(card.getByText("Choose 1 to 5 stars")).toBeVisible();
    await card.locator(".ant-rate-star").nth(3).locator("div").first().click();
    await card.getByLabel("Comment (optional)").fill("Quick and friendly.");
    await card.getByRole("button", { name: "Send rating" }).click();
    // Rated: the card now reads as the record of the rating (once per resolution, no change).
    const rated = page.locator(".ant-card").filter({ has: page.getByRole("heading", { name: "Your rating" }) });
    await expect(rated.getByText("You rated this resolution", { exact: false })).toBeVisible();
    await expect(rated.getByText("4/5")).toBeVisible();
    await expect(rated.getByText("“Quick and friendly.”")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Rate this resolution" })).toHaveCount(0);
    await expect(rated.getByRole("button", { name: "Send rating" })).toHaveCount(0);
    await screenshot(page, "ticket-rated-by-customer");
    await signOut(page);
  });

  const after = await figures(adminApi);
  expect(after.totals.created).toBe(before.totals.created + 1);
  expect(after.totals.resolved).toBe(before.totals.resolved + 1);
  expect(after.satisfaction.overall.count).toBe(before.satisfaction.overall.count + 1);

  await test.step("the admin's dashboard shows the same figures", async () => {
    await page.goto("/dashboard");
    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole("group", { name: "Created", exact: true })).toContainText(String(after.totals.created));
    await expect(page.getByRole("group", { name: "Resolved", exact: true })).toContainText(String(after.totals.resolved));
    const satisfaction = page.getByRole("group", { name: "Satisfaction", exact: true });
    await expect(satisfaction).toContainText(`${after.satisfaction.overall.count} rating`);
    await expect(satisfaction).toContainText((after.satisfaction.overall.average ?? 0).toFixed(2));
    await expect(page.locator(".recharts-surface").first()).toBeVisible();
    await screenshot(page, "dashboard");

    await page.getByText("Week", { exact: true }).click();
    await expect(page).toHaveURL(/group_by=week/);
    await expect(page.getByRole("heading", { name: "Created vs resolved, by week" })).toBeVisible();

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^dashboard-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  await test.step("staff see the rating, the SLA and similar tickets on the ticket", async () => {
    await page.goto(`/tickets/${ticket.id}`);
    const satisfaction = page.locator(".ant-card").filter({ has: page.getByRole("heading", { name: "Satisfaction", exact: true }) });
    await expect(satisfaction.getByText("4/5")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Similar tickets" })).toBeVisible();
    await screenshot(page, "ticket-rated-staff-view");
  });
});
