import { expect } from "@playwright/test";
import { chooseUser, createUser, screenshot, signIn, test } from "./accounts";

/**
 * The AI on the embedded defaults (no language model: the extractive drafter; the sample
 * knowledge base; categories from the admin's descriptions): an agent creates a ticket, the AI
 * panels fill in with a category, suggestions and a cited draft, the agent inserts the draft into
 * the reply, edits it and sends it; the reply is marked AI-assisted and the draft recorded as edited.
 */

const runId = `${Date.now().toString(36)}a`;

test("an agent sends an edited AI draft as an AI-assisted reply", async ({ page, adminApi }) => {
  const agent = { name: `Ava Agent ${runId}`, email: `ava-${runId}@example.com`, password: "ava-passphrase-64" };
  const requester = { name: `Rob Requester ${runId}`, email: `rob-${runId}@example.com` };
  await createUser(adminApi, { ...agent, role: "agent" });
  await createUser(adminApi, requester);
  // With two or more categories described, and no labelled tickets yet, triage picks the closest description.
  const categories = await adminApi.put("/api/ai/categories", {
    data: {
      items: [
        { name: "account", description: "Signing in, forgotten passwords, password reset links, locked accounts, two-factor authentication" },
        { name: "billing", description: "Invoices, receipts, charges on a card, refunds and payment methods" },
        { name: "shipping", description: "Orders, delivery times, tracking a parcel and shipping addresses" },
      ],
    },
  });
  expect(categories.status(), await categories.text()).toBe(200);

  const title = `Password reset e-mail never arrives ${runId}`;
  await test.step("the agent creates a ticket", async () => {
    await page.goto("/tickets/new");
    await signIn(page, agent.email, agent.password);
    await expect(page).toHaveURL(/\/tickets\/new$/);
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Content").fill("I forgot my password and asked for a reset link twice, but no e-mail came. How do I reset my password?");
    await chooseUser(page, "Requester", "Rob", `${requester.name} <${requester.email}>`);
    await page.getByRole("button", { name: "Create ticket" }).click();
    await expect(page.getByRole("heading", { name: new RegExp(`^#\\d+ ${title}$`) })).toBeVisible();
  });
  const ticketId = Number(/\/tickets\/(\d+)$/.exec(page.url())?.[1]);

  const draftPanel = page.getByRole("region", { name: "AI draft" });
  const draft = draftPanel.getByRole("article", { name: /^Draft #\d+$/ });
  let draftText = "";
  await test.step("the AI panels fill in: category, suggestions and a cited, extractive draft", async () => {
    const triage = page.getByRole("region", { name: "AI triage" });
    await expect(triage.getByRole("listitem", { name: "Category account" })).toBeVisible({ timeout: 15_000 });
    await expect(triage.getByRole("listitem", { name: "Category account" })).toContainText("category descriptions");
    await expect(draft).toBeVisible({ timeout: 15_000 });
    await expect(draft.getByText("Extractive draft")).toBeVisible();
    const citations = draft.getByRole("list", { name: "Cited passages" }).getByRole("listitem");
    await expect(citations.first()).toBeVisible();
    await expect(draft.getByRole("list", { name: "Cited passages" })).toContainText("Reset a forgotten password");
    draftText = (await draft.getByLabel("Draft text").textContent()) ?? "";
    expect(draftText).toContain("[1]");
    await screenshot(page, "ticket-ai-panels");
  });

  const addition = "If the e-mail still does not arrive, check your spam folder and reply here.";
  await test.step("the agent inserts the draft into the reply, edits it and sends it", async () => {
    await draftPanel.getByRole("button", { name: "Insert into reply" }).click();
    const message = page.getByLabel("Message");
    await expect(message).toHaveValue(draftText);
    await expect(page.getByText(/^Written from AI draft #\d+$/)).toBeVisible();
    await message.fill(`${draftText.trim()}\n\n${addition}`);
    await page.getByRole("button", { name: "Send reply" }).click();

    const reply = page.getByRole("list", { name: "Conversation" }).getByRole("listitem");
    await expect(reply).toHaveCount(1);
    await expect(reply).toContainText(addition);
    await expect(reply).toContainText("AI-assisted");
    await expect(message).toHaveValue("");
    const earlier = draftPanel.getByRole("list", { name: "Earlier drafts" }).getByRole("listitem").first();
    await expect(earlier).toContainText("Edited");
    await expect(earlier).toContainText(/\d+ % changed/);
    const activity = page.getByRole("list", { name: "Activity" });
    await expect(activity).toContainText("The AI triaged the ticket: suggested category “account”");
    await expect(activity).toContainText(/The AI wrote AI draft #\d+ with the extractive drafter/);
    await expect(activity).toContainText(new RegExp(`${agent.name} sent AI draft #\\d+ as a reply, edited \\(\\d+ % changed\\)`));
    await screenshot(page, "ticket-ai-reply-sent");
  });

  await test.step("the server recorded the reply as AI-assisted and the draft as edited", async () => {
    const drafts = (await (await adminApi.get(`/api/tickets/${ticketId}/drafts`)).json()) as { items: { status: string; reply_id: number | null; changed_share: number | null }[] };
    const replies = (await (await adminApi.get(`/api/tickets/${ticketId}/replies`)).json()) as { id: number; ai_assisted: boolean; content: string }[];
    expect(replies).toHaveLength(1);
    expect(replies[0].ai_assisted).toBe(true);
    expect(replies[0].content).toContain(addition);
    const [sent] = drafts.items;
    expect(sent.status).toBe("edited");
    expect(sent.reply_id).toBe(replies[0].id);
    expect(sent.changed_share).toBeGreaterThan(0);
  });
});
