import { expect, type Page } from "@playwright/test";
import { apiAs, createUser, signIn, test } from "./accounts";

/**
 * HTML, script and SQL text in every text field is stored verbatim and rendered inert: a ticket
 * (title, content, tags, category), a public reply, an internal note, the requester's and the
 * agent's names, and a knowledge-base article carry markup payloads. The agent opens the ticket
 * list, the ticket (with its AI panels, whose extractive draft greets the requester by name and
 * quotes the article), the users list, the knowledge-base search and the AI chat. On every page
 * the payloads show as literal text, no element, handler or `javascript:` link is made from them,
 * `window.__pwned` stays undefined, no dialog opens and no content-security-policy violation fires
 * (the policy would block an injected handler: a violation would mean markup got through).
 */
const runId = `${Date.now().toString(36)}h`;
const word = `quillfeather${runId}`;

const PAYLOADS = {
  img: `<img src=x onerror="window.__pwned=1;alert(1)">`,
  script: `<script>window.__pwned=1;alert(1)</script>`,
  svg: `"><svg onload=window.__pwned=1>`,
  anchor: `<a href="javascript:window.__pwned=1">click here</a>`,
  markdown: `[click me](javascript:window.__pwned=1)`,
  js: `javascript:window.__pwned=1//`,
  sql: `'; DROP TABLE tickets; --`,
};
const TAGS = [`<svg onload=alert(1)>`, `<img src=x onerror=alert(1)>`];

const agent = { name: `Ava ${PAYLOADS.svg}`, email: `ava-${runId}@example.com`, password: "ava-passphrase-64" };
const requester = { name: `Eve ${PAYLOADS.img}`, email: `eve-${runId}@example.com`, password: "eve-passphrase-64" };
const title = `Password reset ${runId} ${PAYLOADS.script} ${PAYLOADS.sql}`;
const content = [
  "I forgot my password and asked for a reset link twice, but no e-mail came.",
  ...Object.values(PAYLOADS),
].join("\n");
const reply = `Try again: ${PAYLOADS.markdown} ${PAYLOADS.anchor}`;
const note = `Internal: ${PAYLOADS.img} ${PAYLOADS.js}`;
const category = `<b>${PAYLOADS.svg}</b>`;
const articleTitle = `Reset ${word} ${PAYLOADS.img}`;
const articleText = `# Reset ${word}\n\n1. Open Settings and choose Security ${PAYLOADS.script}.\n2. Click Reset password ${PAYLOADS.svg} and follow the ${word} link ${PAYLOADS.markdown}.\n`;

declare global {
  interface Window {
    __pwned?: unknown;
    __cspViolations?: string[];
  }
}

/** Collects dialogs and policy violations for the whole test. */
async function watch(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__cspViolations?.push(`${event.violatedDirective} ${event.sourceFile}:${event.lineNumber} ${event.sample}`);
    });
  });
  return dialogs;
}

/** Nothing on the page was made from a payload: no element, no handler, no javascript: link. */
async function expectInert(page: Page, where: string, dialogs: string[]) {
  const found = await page.evaluate(() => {
    const suspicious = [
      ...Array.from(document.querySelectorAll("img")).filter((img) => img.getAttribute("src") === "x"),
      ...Array.from(document.querySelectorAll("script")).filter((script) => (script.textContent ?? "").includes("__pwned")),
      ...Array.from(document.querySelectorAll("svg")).filter((svg) => svg.hasAttribute("onload")),
      ...Array.from(document.querySelectorAll("iframe, object, embed")),
      ...Array.from(document.querySelectorAll("b")).filter((b) => (b.textContent ?? "").includes("__pwned")),
      ...Array.from(document.querySelectorAll("a[href]")).filter((a) => /^\s*javascript:/i.test(a.getAttribute("href") ?? "")),
      ...Array.from(document.querySelectorAll("*")).filter((element) =>
        Array.from(element.attributes).some((attribute) => /^on/i.test(attribute.name)),
      ),
    ];
    return {
      pwned: window.__pwned,
      violations: window.__cspViolations ?? [],
      elements: suspicious.map((element) => element.outerHTML.slice(0, 160)),
    };
  });
  expect(found.elements, `elements made from payloads on ${where}`).toEqual([]);
  expect(found.pwned, `window.__pwned on ${where}`).toBeUndefined();
  expect(found.violations, `content-security-policy violations on ${where}`).toEqual([]);
  expect(dialogs, `dialogs on ${where}`).toEqual([]);
}

/** The payload is on the page as text (whitespace collapsed, as the DOM renders it). */
async function expectText(page: Page, text: string, within = page.locator("body")) {
  await expect(within.getByText(text, { exact: false }).first()).toBeVisible();
}

test("markup and SQL in every text field render as inert text", async ({ page, adminApi, playwright, baseURL }) => {
  const dialogs = await watch(page);
  let ticketId = 0;

  await test.step("hostile data is created through the API and stored verbatim", async () => {
    await createUser(adminApi, { ...agent, role: "agent" });
    const customer = await createUser(adminApi, requester);
    const ingest = await adminApi.post("/api/kb/ingest", {
      data: { documents: [{ id: `hostile-${runId}`, title: articleTitle, text: articleText }] },
    });
    expect(ingest.status(), await ingest.text()).toBe(201);

    const agentApi = await apiAs(playwright, baseURL ?? "", agent.email, agent.password);
    const created = await agentApi.post("/api/tickets", {
      data: { title, content, tags: TAGS, category, requester_id: customer.id },
    });
    expect(created.status(), await created.text()).toBe(201);
    const ticket = (await created.json()) as { id: number; title: string; content: string; tags: string[]; category: string };
    ticketId = ticket.id;
    expect([ticket.title, ticket.content, ticket.tags, ticket.category]).toEqual([title, content, TAGS, category]);
    for (const [text, internal] of [[reply, false], [note, true]] as const) {
      const response = await agentApi.post(`/api/tickets/${ticketId}/replies`, { data: { content: text, internal } });
      expect(response.status(), await response.text()).toBe(201);
      expect(((await response.json()) as { content: string }).content).toBe(text);
    }
    await agentApi.dispose();
  });

  await test.step("the ticket list", async () => {
    await page.goto("/tickets");
    await signIn(page, agent.email, agent.password);
    await expect(page).toHaveURL(/\/tickets$/);
    await expectText(page, `Password reset ${runId} ${PAYLOADS.script}`);
    await expectInert(page, "the ticket list", dialogs);
  });

  await test.step("the ticket page, its conversation, notes and AI panels", async () => {
    await page.goto(`/tickets/${ticketId}`);
    await expect(page.getByRole("heading", { name: `#${ticketId} ${title}` })).toBeVisible();
    for (const payload of Object.values(PAYLOADS)) await expectText(page, payload);
    for (const tag of TAGS) await expectText(page, tag);
    await expectText(page, category);
    await expectText(page, requester.name);
    const conversation = page.getByRole("list", { name: "Conversation" });
    await expectText(page, reply, conversation);
    await expectText(page, note, conversation);
    await expectText(page, agent.name, conversation);
    // The extractive draft greets the requester by name and quotes the hostile article.
    const draft = page.getByRole("region", { name: "AI draft" }).getByRole("article", { name: /^Draft #\d+$/ });
    await expect(draft).toBeVisible({ timeout: 20_000 });
    await expect(draft.getByLabel("Draft text")).toContainText(`Hello ${requester.name}`);
    await expect(draft.getByLabel("Draft text")).toContainText(PAYLOADS.script);
    await expect(draft.getByRole("list", { name: "Cited passages" })).toContainText(articleTitle);
    await expect(page.getByRole("list", { name: "Activity" })).toContainText(PAYLOADS.svg);
    await expectInert(page, "the ticket page", dialogs);
  });

  await test.step("the users list", async () => {
    await page.goto("/users");
    await expectText(page, requester.name);
    await expectText(page, agent.name);
    await expectInert(page, "the users list", dialogs);
  });

  await test.step("the knowledge-base search", async () => {
    await page.goto("/kb");
    const box = page.getByRole("searchbox", { name: "Search" });
    await box.fill(`${word} reset settings`);
    await box.press("Enter");
    const results = page.getByRole("region", { name: "Search results" });
    await expect(results.getByText(`. ${articleTitle}`).first()).toBeVisible({ timeout: 30_000 });
    await expectText(page, PAYLOADS.svg, results);
    await expectInert(page, "the knowledge-base search", dialogs);
  });

  await test.step("the AI chat, answering from the hostile article", async () => {
    await page.goto("/ai/chat");
    const question = page.getByRole("textbox", { name: "Question" });
    await question.fill(`How do I reset ${word}? ${PAYLOADS.img}`);
    await question.press("Control+Enter");
    const chat = page.getByRole("list", { name: "Chat" });
    await expect(chat).toContainText(`Security ${PAYLOADS.script}`, { timeout: 30_000 });
    await expectText(page, PAYLOADS.img, chat);
    await expect(chat.getByRole("list", { name: "Sources" })).toContainText(articleTitle);
    await expectInert(page, "the AI chat", dialogs);
  });

  // The article is about password resets: remove it so that later specs' drafts cite the samples.
  const removed = await adminApi.delete(`/api/kb/documents/${encodeURIComponent(`hostile-${runId}`)}`);
  expect(removed.status(), await removed.text()).toBe(204);
});
