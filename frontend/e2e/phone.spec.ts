import { expect, type Page } from "@playwright/test";
import { createUser, screenshot, signIn, test } from "./accounts";

/**
 * An agent works on a 390 px phone: no side bar takes the width, the menu opens in a drawer
 * and closes on navigation, and neither the ticket list nor a ticket's page scrolls sideways.
 */

const runId = `${Date.now().toString(36)}m`;

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

test("an agent finds and opens a ticket on a phone", async ({ page, adminApi }) => {
  const agent = { name: `Mo Mobile ${runId}`, email: `mo-${runId}@example.com`, password: "mo-mobile-passphrase-3" };
  await createUser(adminApi, { ...agent, role: "agent" });
  const customer = await createUser(adminApi, { name: `Cara Cart ${runId}`, email: `cara-${runId}@example.com`, role: "customer" });
  const title = `Phone ticket ${runId}: the checkout page loops back to the cart`;
  const created = await adminApi.post("/api/tickets", { data: { title, content: "Every time I pay, the page goes back to the cart.", priority: "high", requester_id: customer.id } });
  expect(created.status(), await created.text()).toBe(201);
  const ticketId = ((await created.json()) as { id: number }).id;

  await test.step("sign in: the page has the full width, no side bar", async () => {
    await page.goto("/");
    await signIn(page, agent.email, agent.password);
    await expect(page.getByRole("group", { name: "Signed-in account" })).toContainText(agent.name);
    await page.goto("/tickets");
    await expect(page.locator(".ant-layout-sider")).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  });

  await test.step("the ticket list shows title, status and priority without sideways scrolling", async () => {
    const row = page.getByRole("row").filter({ hasText: title });
    await expect(row).toBeVisible();
    await expect(row).toContainText("High");
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, "phone-ticket-list");
  });

  await test.step("the menu opens in a drawer and closes once an entry is chosen", async () => {
    await page.getByRole("button", { name: "Open menu" }).click();
    const menu = page.getByRole("navigation", { name: "Main" });
    await expect(menu).toBeVisible();
    await menu.getByRole("link", { name: "Dashboard" }).click();
    await expect(page).toHaveURL(/\/dashboard/);
    await expect(menu).toBeHidden();
    expect(await scrollsSideways(page)).toBe(false);
  });

  await test.step("a ticket's page fits the phone", async () => {
    await page.goto(`/tickets/${ticketId}`);
    await expect(page.getByRole("heading", { name: title })).toBeVisible();
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, "phone-ticket-detail");
  });
});
