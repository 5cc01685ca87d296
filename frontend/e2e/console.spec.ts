import { expect, type Page } from "@playwright/test";
import { ADMIN, chooseUser, createUser, screenshot, signIn, test } from "./accounts";

/**
 * The bootstrapped admin's journey through the console against the real backend: signing
 * in (after a wrong password), accounts, a ticket (with a server-side field error first), the
 * list filters, edit, conversation (reply, internal note, a deleted reply), status and the
 * activity log, and deletion. Screenshots of each main page land in test-results/screenshots/.
 */

const runId = Date.now().toString(36);
const tag = `e2e-${runId}`;

/** Picks an option of a (non-searchable) select: its labelled input is covered by the current value. */
async function chooseOption(page: Page, label: string, option: string) {
  await page.locator(".ant-select").filter({ has: page.getByLabel(label, { exact: true }) }).click();
  await page.locator(".ant-select-dropdown:visible").getByTitle(option, { exact: true }).click();
}

test("an admin signs in and handles a ticket from creation to deletion", async ({ page, adminApi }) => {
  const requesterName = `Rita Requester ${runId}`;
  const requesterEmail = `rita-${runId}@example.com`;
  const requesterOption = `${requesterName} <${requesterEmail}>`;

  await test.step("sign in as the bootstrapped admin, after a wrong password", async () => {
    await page.goto("/users");
    await expect(page).toHaveURL(/\/login\?next=%2Fusers$/);
    await signIn(page, ADMIN.email, "not the password");
    await expect(page.getByRole("alert")).toContainText("The e-mail address or password is not right.");
    await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
    await screenshot(page, "sign-in-error");

    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page).toHaveURL(/\/users$/);
    const account = page.getByRole("group", { name: "Signed-in account" });
    await expect(account).toContainText(ADMIN.name);
    await expect(account).toContainText("Admin");
  });

  await test.step("create a user, see a duplicate refused, and manage the account", async () => {
    await page.getByRole("button", { name: "New user" }).click();
    const dialog = page.getByRole("dialog", { name: "New user" });
    await dialog.getByLabel("Name").fill(requesterName);
    await dialog.getByLabel("Email").fill(requesterEmail);
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByRole("heading", { name: requesterName })).toBeVisible();

    // An admin's controls on the account: password, deactivate, reactivate.
    await page.getByRole("button", { name: `Set password for ${requesterName}` }).click();
    const passwordDialog = page.getByRole("dialog", { name: `Set a password for ${requesterName}` });
    await passwordDialog.getByLabel("New password").fill("rita-passphrase-77");
    await passwordDialog.getByLabel("Repeat the password").fill("rita-passphrase-77");
    await passwordDialog.getByRole("button", { name: "Set password" }).click();
    await expect(page.getByText(`Password set for ${requesterName}`)).toBeVisible();
    await page.getByRole("button", { name: `Deactivate ${requesterName}` }).click();
    await page.getByRole("dialog").filter({ hasText: "Deactivate" }).getByRole("button", { name: "Deactivate" }).click();
    await expect(page.locator(".ant-descriptions").getByText("Deactivated")).toBeVisible();
    await page.getByRole("button", { name: `Reactivate ${requesterName}` }).click();
    await expect(page.locator(".ant-descriptions").getByText("Active", { exact: true })).toBeVisible();
    await screenshot(page, "user-detail");

    // The same e-mail again is a 409, shown on the email field.
    await page.getByRole("link", { name: "Users", exact: true }).click();
    await page.getByRole("button", { name: "New user" }).click();
    await dialog.getByLabel("Name").fill("Someone Else");
    await dialog.getByLabel("Email").fill(requesterEmail);
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(dialog.locator(".ant-form-item-has-error")).toContainText("already registered");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("cell", { name: requesterName, exact: true })).toBeVisible();
    await screenshot(page, "users");
  });

  // Other tickets, so that filtering has something to filter out.
  const requesterForOthers = await createUser(adminApi, { name: `Other Requester ${runId}`, email: `other-${runId}@example.com` });
  for (const [title, priority] of [
    [`Other low ticket ${runId}`, "low"],
    [`Other urgent ticket ${runId}`, "urgent"],
  ] as const) {
    const created = await adminApi.post("/api/tickets", {
      data: { title, content: "Background ticket", requester_id: requesterForOthers.id, priority, tags: ["background"] },
    });
    expect(created.status()).toBe(201);
  }

  const title = `Printer on fire ${runId}`;
  await test.step("create a ticket, meeting the server's invalid-requester error first", async () => {
    // A requester who disappears between choosing and submitting: the server must refuse.
    const vanishing = await createUser(adminApi, { name: `Vanishing Vera ${runId}`, email: `vera-${runId}@example.com` });
    await page.getByRole("link", { name: "Tickets", exact: true }).click();
    await page.getByRole("button", { name: "New ticket" }).click();
    await expect(page).toHaveURL(/\/tickets\/new$/);
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Content").fill("Smoke is coming out of the second-floor printer.");
    await chooseUser(page, "Requester", "Vanishing", `Vanishing Vera ${runId} <vera-${runId}@example.com>`);
    await chooseOption(page, "Priority", "High");
    await page.getByLabel("Tags").pressSequentially(`${tag},hardware,`);
    expect((await adminApi.delete(`/api/users/${vanishing.id}`)).status()).toBe(204);

    await page.getByRole("button", { name: "Create ticket" }).click();
    const requesterField = page.locator(".ant-form-item").filter({ has: page.getByLabel("Requester", { exact: true }) });
    await expect(requesterField.getByText(/does not exist/)).toBeVisible();
    await expect(requesterField.getByText(/does not exist/)).toHaveCSS("opacity", "1");
    await screenshot(page, "new-ticket-invalid-requester");

    await chooseUser(page, "Requester", "Rita", requesterOption);
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
    await expect(row).toContainText(requesterName);
    await expect(row).toContainText("High");
    await screenshot(page, "tickets-filtered");

    // The view survives a reload (it lives in the URL), and so does the session.
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
    await expect(page.locator(".ant-descriptions").getByText("facilities")).toBeVisible();
  });

  const conversation = page.getByRole("list", { name: "Conversation" });
  await test.step("reply, add an internal note, delete a reply", async () => {
    // No author to choose: replies are written by the signed-in account.
    await expect(page.getByLabel("Author", { exact: true })).toHaveCount(0);
    await page.getByLabel("Message").fill("We are sending someone with an extinguisher.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await expect(conversation.getByRole("listitem")).toHaveCount(1);

    await page.getByRole("switch", { name: "Internal note" }).click();
    await page.getByLabel("Message").fill("Third fire this month: replace the printer.");
    await page.getByRole("button", { name: "Add internal note" }).click();
    await expect(conversation.getByRole("listitem")).toHaveCount(2);

    await page.getByLabel("Message").fill("Wrong ticket, sorry.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await expect(conversation.getByRole("listitem")).toHaveCount(3);
    await conversation.getByRole("listitem").nth(2).getByRole("button", { name: "Delete reply" }).click();
    await page.getByRole("dialog").filter({ hasText: "Delete this reply?" }).getByRole("button", { name: "Delete" }).click();
    await expect(conversation.getByRole("listitem")).toHaveCount(2);

    const items = conversation.getByRole("listitem");
    await expect(items.nth(0)).toContainText("extinguisher");
    await expect(items.nth(0)).toContainText(ADMIN.name);
    await expect(items.nth(1)).toContainText("replace the printer");
    await expect(items.nth(1)).toContainText("Internal note");
    await expect(items.nth(1).locator(".ant-card")).toHaveCSS("background-color", "rgb(255, 251, 230)");
  });

  await test.step("resolve the ticket and read the activity", async () => {
    await chooseOption(page, "Status", "Resolved");
    await expect(page.getByText("Status changed to Resolved")).toBeVisible();
    await expect(page.getByLabel("Status", { exact: true })).toBeEnabled();
    await expect(page.locator(".ant-descriptions").getByText("Resolved")).toBeVisible();

    const activity = page.getByRole("list", { name: "Activity" });
    await expect(activity.getByRole("listitem").first()).toContainText(`${ADMIN.name} created the ticket`);
    await expect(activity).toContainText(`${ADMIN.name} changed the title from “${title}” to “${newTitle}” and set the category to “facilities”`);
    await expect(activity).toContainText(`${ADMIN.name} replied`);
    await expect(activity).toContainText(`${ADMIN.name} added an internal note`);
    await expect(activity).toContainText(`${ADMIN.name} deleted a reply by ${ADMIN.name}`);
    await expect(activity).toContainText("Wrong ticket, sorry.");
    await expect(activity.getByRole("listitem").last()).toContainText(`${ADMIN.name} changed status from open to resolved`);
    await screenshot(page, "ticket-detail");
  });

  await test.step("delete the ticket and see it gone", async () => {
    await page.getByRole("button", { name: "Delete", exact: true }).click();
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
    await page.getByRole("link", { name: "Home", exact: true }).click();
    await expect(page.getByRole("heading", { name: /^Urgent tickets/ })).toBeVisible();
    await expect(page.getByLabel("Urgent tickets").getByRole("link", { name: new RegExp(`Other urgent ticket ${runId}`) })).toBeVisible();
    await expect(page.getByLabel("Open tickets").getByRole("link")).toHaveCount(2);
    await expect(page.getByRole("heading", { name: /^Open tickets \(2\)/ })).toBeVisible();
    await screenshot(page, "home");
    await page.getByRole("link", { name: "Tickets", exact: true }).click();
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
