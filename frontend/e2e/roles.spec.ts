import { expect } from "@playwright/test";
import { createUser, screenshot, signIn, signOut, test } from "./accounts";

/**
 * The same helpdesk through an agent's and a customer's eyes: the agent sees everything on a
 * ticket (internal notes included) and the users pages; the customer sees only their own
 * tickets, no internal notes, no users menu, no staff controls. Then a visitor signs up.
 */

const runId = `${Date.now().toString(36)}r`;

test("an agent and a customer see what their role allows", async ({ page, adminApi }) => {
  const agent = { name: `Andy Agent ${runId}`, email: `andy-${runId}@example.com`, password: "andy-passphrase-31" };
  const customer = { name: `Carl Customer ${runId}`, email: `carl-${runId}@example.com`, password: "carl-passphrase-52" };
  const other = { name: `Dora Other ${runId}`, email: `dora-${runId}@example.com`, password: "dora-passphrase-73" };

  // Accounts with passwords (only admins may set them) and a ticket each, one with an internal note.
  await createUser(adminApi, { ...agent, role: "agent" });
  const carl = await createUser(adminApi, { ...customer, role: "customer" });
  const dora = await createUser(adminApi, { ...other, role: "customer" });
  const carlsTitle = `Carl's router blinks ${runId}`;
  const dorasTitle = `Dora's invoice ${runId}`;
  const created = await adminApi.post("/api/tickets", { data: { title: carlsTitle, content: "The router blinks red.", requester_id: carl.id } });
  expect(created.status()).toBe(201);
  const carlsTicket = (await created.json()) as { id: number };
  const doras = await adminApi.post("/api/tickets", { data: { title: dorasTitle, content: "Invoice is wrong.", requester_id: dora.id } });
  expect(doras.status()).toBe(201);
  const dorasTicket = (await doras.json()) as { id: number };
  const publicReply = "Please restart the router and tell us what happens.";
  const internalNote = `Carl's contract ends next month ${runId}`;
  for (const data of [{ content: publicReply }, { content: internalNote, internal: true }]) {
    expect((await adminApi.post(`/api/tickets/${carlsTicket.id}/replies`, { data })).status()).toBe(201);
  }
  const ticketPath = `/tickets/${carlsTicket.id}`;

  await test.step("the agent sees the users menu, internal notes and the activity", async () => {
    await page.goto(ticketPath);
    await signIn(page, agent.email, agent.password);
    await expect(page).toHaveURL(new RegExp(`${ticketPath}$`));
    await expect(page.getByRole("group", { name: "Signed-in account" })).toContainText(`${agent.name}Agent`);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toBeVisible();

    const items = page.getByRole("list", { name: "Conversation" }).getByRole("listitem");
    await expect(items).toHaveCount(2);
    await expect(items.nth(1)).toContainText(internalNote);
    await expect(items.nth(1)).toContainText("Internal note");
    await expect(page.getByRole("switch", { name: "Internal note" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Activity" })).toContainText("Administrator added an internal note");
    await screenshot(page, "agent-ticket");

    await page.getByRole("link", { name: "Tickets", exact: true }).click();
    await expect(page.getByRole("row").filter({ hasText: dorasTitle })).toHaveCount(1);
    await expect(page.getByRole("row").filter({ hasText: carlsTitle })).toHaveCount(1);
    await signOut(page);
  });

  await test.step("the customer sees only their own tickets, without internal notes or staff controls", async () => {
    await signIn(page, customer.email, customer.password);
    await expect(page).toHaveURL(/\/tickets$/);
    await expect(page.getByRole("heading", { name: "My tickets" })).toBeVisible();
    await expect(page.getByRole("group", { name: "Signed-in account" })).toContainText(`${customer.name}Customer`);
    const menu = page.getByRole("navigation", { name: "Main" });
    await expect(menu.getByRole("link", { name: "My tickets" })).toBeVisible();
    await expect(menu.getByRole("link", { name: "Users" })).toHaveCount(0);
    await expect(page.getByRole("row")).toHaveCount(2); // header + Carl's ticket
    await expect(page.getByRole("row").filter({ hasText: carlsTitle })).toHaveCount(1);
    await expect(page.getByText(dorasTitle)).toHaveCount(0);
    await expect(page.getByLabel("Requester", { exact: true })).toHaveCount(0);
    await screenshot(page, "customer-tickets");

    await page.getByRole("link", { name: carlsTitle }).click();
    await expect(page).toHaveURL(new RegExp(`${ticketPath}$`));
    const items = page.getByRole("list", { name: "Conversation" }).getByRole("listitem");
    await expect(items).toHaveCount(1);
    await expect(items.first()).toContainText(publicReply);
    await expect(page.getByText(internalNote)).toHaveCount(0);
    await expect(page.getByRole("switch", { name: "Internal note" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Edit" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
    await expect(page.getByLabel("Status", { exact: true })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Activity" })).toHaveCount(0);

    await page.getByLabel("Message").fill("Restarted it: all green now, thanks!");
    await page.getByRole("button", { name: "Send reply" }).click();
    await expect(items).toHaveCount(2);
    await expect(items.nth(1)).toContainText(customer.name);
    await screenshot(page, "customer-ticket");

    // Staff pages send a customer back to their own tickets; another customer's ticket does not exist for them.
    await page.goto("/users");
    await expect(page).toHaveURL(/\/tickets$/);
    await page.goto(`/tickets/${dorasTicket.id}`);
    await expect(page.getByText("Ticket not found")).toBeVisible();

    // A new ticket without a requester, status or category: it is Carl's.
    await page.getByRole("link", { name: "My tickets" }).click();
    await page.getByRole("button", { name: "New ticket" }).click();
    await expect(page.getByLabel("Title")).toBeVisible();
    await expect(page.getByLabel("Requester", { exact: true })).toHaveCount(0);
    await expect(page.getByLabel("Status", { exact: true })).toHaveCount(0);
    await page.getByLabel("Title").fill(`Wi-Fi drops ${runId}`);
    await page.getByLabel("Content").fill("Every evening around 8 pm.");
    await page.getByRole("button", { name: "Create ticket" }).click();
    await expect(page.getByRole("heading", { name: new RegExp(`^#\\d+ Wi-Fi drops ${runId}$`) })).toBeVisible();
    await expect(page.locator(".ant-descriptions")).toContainText(customer.name);
    await signOut(page);
  });

  await test.step("a visitor signs up as a customer", async () => {
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page).toHaveURL(/\/signup$/);
    await page.getByLabel("Name").fill(`Sally Signup ${runId}`);
    await page.getByLabel("Email").fill(`sally-${runId}@example.com`);
    await page.getByLabel("Password", { exact: true }).fill("sally-passphrase-19");
    await page.getByLabel("Repeat the password").fill("sally-passphrase-19");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/tickets$/);
    await expect(page.getByText("You have not opened any tickets yet")).toBeVisible();
    await expect(page.getByRole("group", { name: "Signed-in account" })).toContainText(`Sally Signup ${runId}Customer`);
    await signOut(page);
  });
});
