import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

/**
 * One agent's journey through the console against the real backend: users, a ticket
 * (with a server-side field error first), the list filters, edit, conversation, status,
 * and deletion. Screenshots of each main page land in test-results/screenshots/.
 */

const runId = Date.now().toString(36);
const tag = `e2e-${runId}`;

async function screenshot(page: Page, name: string) {
  await expect(page.locator(".ant-spin-spinning, .ant-skeleton-active")).toHaveCount(0);
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

async function createUserViaApi(request: APIRequestContext, name: string, email: string): Promise<{ id: number }> {
  const response = await request.post("/api/users", { data: { name, email } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: number };
}

/** Picks a user in a searchable user dropdown (server-side search). */
async function chooseUser(page: Page, label: string, search: string, optionTitle: string) {
  const field = page.getByLabel(label, { exact: true });
  await page.locator(".ant-select").filter({ has: field }).click();
  await field.pressSequentially(search);
  await page.getByTitle(optionTitle, { exact: true }).click();
}

/** Picks an option of a (non-searchable) select: its labelled input is covered by the current value. */
async function chooseOption(page: Page, label: string, option: string) {
  await page.locator(".ant-select").filter({ has: page.getByLabel(label, { exact: true }) }).click();
  await page.locator(".ant-select-dropdown:visible").getByTitle(option, { exact: true }).click();
}

test("an agent handles a ticket from creation to deletion", async ({ page, request }) => {
  const agentName = `Agnes Agent ${runId}`;
  const agentEmail = `agnes-${runId}@example.com`;
  const agentOption = `${agentName} <${agentEmail}>`;

  await test.step("create a user", async () => {
    await page.goto("/users");
    await page.getByRole("button", { name: "New user" }).click();
    const dialog = page.getByRole("dialog", { name: "New user" });
    await dialog.getByLabel("Name").fill(agentName);
    await dialog.getByLabel("Email").fill(agentEmail);
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByRole("heading", { name: agentName })).toBeVisible();
    await screenshot(page, "user-detail");

    // The same e-mail again is a 409, shown on the email field.
    await page.goto("/users");
    await page.getByRole("button", { name: "New user" }).click();
    await dialog.getByLabel("Name").fill("Someone Else");
    await dialog.getByLabel("Email").fill(agentEmail);
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(dialog.locator(".ant-form-item-has-error")).toContainText("already registered");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("cell", { name: agentName })).toBeVisible();
    await screenshot(page, "users");
  });

  // Other tickets, so that filtering has something to filter out.
  const requesterForOthers = await createUserViaApi(request, `Other Requester ${runId}`, `other-${runId}@example.com`);
  for (const [title, priority] of [
    [`Other low ticket ${runId}`, "low"],
    [`Other urgent ticket ${runId}`, "urgent"],
  ] as const) {
    const created = await request.post("/api/tickets", {
      data: { title, content: "Background ticket", requester_id: requesterForOthers.id, priority, tags: ["background"] },
    });
    expect(created.status()).toBe(201);
  }

  const title = `Printer on fire ${runId}`;
  await test.step("create a ticket, meeting the server's invalid-requester error first", async () => {
    // A requester who disappears between choosing and submitting: the server must refuse.
    const vanishing = await createUserViaApi(request, `Vanishing Vera ${runId}`, `vera-${runId}@example.com`);
    await page.goto("/tickets");
    await page.getByRole("button", { name: "New ticket" }).click();
    await expect(page).toHaveURL(/\/tickets\/new$/);
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Content").fill("Smoke is coming out of the second-floor printer.");
    await chooseUser(page, "Requester", "Vanishing", `Vanishing Vera ${runId} <vera-${runId}@example.com>`);
    await chooseOption(page, "Priority", "High");
    await page.getByLabel("Tags").pressSequentially(`${tag},hardware,`);
    expect((await request.delete(`/api/users/${vanishing.id}`)).status()).toBe(204);

    await page.getByRole("button", { name: "Create ticket" }).click();
    const requesterField = page.locator(".ant-form-item").filter({ has: page.getByLabel("Requester", { exact: true }) });
    await expect(requesterField.getByText(/does not exist/)).toBeVisible();
    await expect(requesterField.getByText(/does not exist/)).toHaveCSS("opacity", "1");
    await screenshot(page, "new-ticket-invalid-requester");

    await chooseUser(page, "Requester", "Agnes", agentOption);
    await expect(requesterField).not.toContainText("does not exist");
    await page.getByRole("button", { name: "Create ticket" }).click();
    await expect(page.getByRole("heading", { name: new RegExp(`^#\\d+ ${title}$`) })).toBeVisible();
  });
  const ticketPath = new URL(page.url()).pathname;

  await test.step("filter the list and open the ticket", async () => {
    await page.getByRole("link", { name: "Tickets", exact: true }).click();
    await expect(page.getByRole("row")).toHaveCount(4); // header + 3 tickets
    await page.getByLabel("Tag", { exact: true }).fill(tag);
    await page.getByLabel("Tag", { exact: true }).press("Enter");
    await expect(page).toHaveURL(new RegExp(`[?&]tag=${tag}`));
    await chooseOption(page, "Priority", "High");
    await expect(page).toHaveURL(/[?&]priority=high/);
    await expect(page.getByRole("row")).toHaveCount(2);
    await expect(page.getByText("1–1 of 1 ticket")).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: title });
    await expect(row).toContainText(agentName);
    await expect(row).toContainText("High");
    await screenshot(page, "tickets-filtered");

    // The view survives a reload: it lives in the URL.
    await page.reload();
    await expect(page.getByRole("row")).toHaveCount(2);
    await row.getByText("hardware").click();
    await expect(page).toHaveURL(new RegExp(`${ticketPath}$`));
  });

  const newTitle = `${title} (2nd floor)`;
  await test.step("edit the ticket", async () => {
    await page.getByRole("button", { name: "Edit" }).click();
    const dialog = page.getByRole("dialog", { name: /^Edit ticket/ });
    await dialog.getByLabel("Title").fill(newTitle);
    await dialog.getByLabel("Category").fill("facilities");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("heading", { name: new RegExp(`^#\\d+ ${newTitle.replace(/[()]/g, "\\$&")}$`) })).toBeVisible();
    await expect(page.getByText("facilities")).toBeVisible();
  });

  await test.step("reply and add an internal note", async () => {
    await chooseUser(page, "Author", "Agnes", agentOption);
    await page.getByLabel("Message").fill("We are sending someone with an extinguisher.");
    await page.getByRole("button", { name: "Send reply" }).click();
    const conversation = page.getByRole("list", { name: "Conversation" });
    await expect(conversation.getByRole("listitem")).toHaveCount(1);

    await page.getByRole("switch", { name: "Internal note" }).click();
    await page.getByLabel("Message").fill("Third fire this month: replace the printer.");
    await page.getByRole("button", { name: "Add internal note" }).click();
    await expect(conversation.getByRole("listitem")).toHaveCount(2);
    const items = conversation.getByRole("listitem");
    await expect(items.nth(0)).toContainText("extinguisher");
    await expect(items.nth(1)).toContainText("replace the printer");
    await expect(items.nth(1)).toContainText("Internal note");
    await expect(items.nth(1).locator(".ant-card")).toHaveCSS("background-color", "rgb(255, 251, 230)");
    await expect(items.nth(0)).toContainText(agentName);
  });

  await test.step("resolve the ticket", async () => {
    await chooseOption(page, "Status", "Resolved");
    await expect(page.getByText("Status changed to Resolved")).toBeVisible();
    await expect(page.getByLabel("Status", { exact: true })).toBeEnabled();
    await expect(page.locator(".ant-descriptions").getByText("Resolved")).toBeVisible();
    await screenshot(page, "ticket-detail");
  });

  await test.step("delete the ticket and see it gone", async () => {
    await page.getByRole("button", { name: "Delete" }).click();
    const confirmation = page.getByRole("dialog").filter({ hasText: "Delete ticket" });
    await expect(confirmation).toContainText("and its 2 replies (1 internal note)");
    await confirmation.getByRole("button", { name: "Delete" }).click();
    await expect(page).toHaveURL(/\/tickets$/);
    await expect(page.getByRole("row").filter({ hasText: title })).toHaveCount(0);
    await expect(page.getByRole("row")).toHaveCount(3);
    await page.goto(ticketPath);
    await expect(page.getByText("Ticket not found")).toBeVisible();
  });

  await test.step("the home page shows what needs attention", async () => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: /^Urgent tickets/ })).toBeVisible();
    await expect(page.getByLabel("Urgent tickets").getByRole("link", { name: new RegExp(`Other urgent ticket ${runId}`) })).toBeVisible();
    await expect(page.getByLabel("Open tickets").getByRole("link")).toHaveCount(2);
    await expect(page.getByRole("heading", { name: /^Open tickets \(2\)/ })).toBeVisible();
    await screenshot(page, "home");
    await page.goto("/tickets");
    await expect(page.getByRole("row")).toHaveCount(3);
    await screenshot(page, "tickets");

    // A laptop screen: the side menu folds to icons, the table still reads.
    await page.setViewportSize({ width: 1024, height: 720 });
    await expect(page.getByRole("link", { name: "AstraTickets home" })).toHaveText("AT");
    await expect(page.locator(".ant-layout-sider")).toHaveCSS("width", "80px");
    await expect(page.locator(".ant-menu-title-content").first()).toHaveCSS("opacity", "0");
    await screenshot(page, "tickets-laptop");
  });
});
