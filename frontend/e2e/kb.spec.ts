import { expect } from "@playwright/test";
import { ADMIN, screenshot, signIn, test } from "./accounts";

/**
 * The admin's knowledge base: paste an article with chunking options (its chunk ids are
 * shown), upload a Markdown file with a progress bar, find both by searching, open one and
 * delete a chunk of it, then delete both documents and see them gone from the search.
 */
const runId = Date.now().toString(36);
const word = `zephyrine${runId}`;
const pastedTitle = `Calibrating the ${word} widget`;
// An upload without a title is named after its file: "<word>-guide.md" becomes "<word> guide".
const uploadedTitle = `${word} guide`;

const paragraph = (n: number) =>
  `Step ${n}: the ${word} widget needs calibrating after every firmware update. Hold the reset button for five seconds, wait for the green light, then run the calibration wizard again.`;

test("an admin adds, searches and deletes knowledge-base articles", async ({ page }) => {
  await page.goto("/kb");
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/kb$/);
  await expect(page.getByRole("heading", { name: "Knowledge base" })).toBeVisible();

  let chunkIds: string[] = [];
  await test.step("paste an article, cut into small chunks", async () => {
    await page.getByRole("textbox", { name: "Title" }).fill(pastedTitle);
    await page.getByRole("textbox", { name: "Text" }).fill([1, 2, 3, 4].map(paragraph).join("\n\n"));
    await page.getByRole("textbox", { name: "Document id" }).fill(`calibration-${runId}`);
    await page.getByRole("spinbutton", { name: "Max characters" }).fill("300");
    await page.getByRole("spinbutton", { name: "Overlap" }).fill("50");
    await page.getByRole("button", { name: "Add document" }).click();
    const result = page.getByRole("status").filter({ hasText: `Document calibration-${runId}: created` });
    await expect(result).toBeVisible({ timeout: 30_000 });
    chunkIds = (await result.locator("li code").allTextContents()).map((id) => id.trim());
    expect(chunkIds.length).toBeGreaterThanOrEqual(2);
    for (const id of chunkIds) expect(id.startsWith(`calibration-${runId}#`)).toBe(true);
  });

  await test.step("upload a Markdown file with a progress bar", async () => {
    await page.getByRole("tab", { name: "Upload files" }).click();
    await page.locator("input[type=file]").setInputFiles({
      name: `${word}-guide.md`,
      mimeType: "text/markdown",
      buffer: Buffer.from(`# Pairing the ${word}\n\nThe ${word} guide explains pairing.\n\n## Pairing\n\nOpen the app and choose Pair device.\n`),
    });
    await page.getByRole("button", { name: "Upload file" }).click();
    await expect(page.getByRole("progressbar", { name: "Upload progress" })).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
    await expect(page.getByRole("status").filter({ hasText: /created, \d+ chunks?/ }).last()).toBeVisible();
    await screenshot(page, "kb-ingested");
  });

  const search = async () => {
    await page.getByRole("spinbutton", { name: "Top k" }).fill("10");
    const box = page.getByRole("searchbox", { name: "Search" });
    await box.fill(`${word} widget calibration`);
    const answered = page.waitForResponse((response) => response.url().endsWith("/api/kb/search"), { timeout: 60_000 });
    await box.press("Enter");
    expect((await answered).status()).toBe(200);
    return page.getByRole("region", { name: "Search results" });
  };

  await test.step("search finds both, with scores", async () => {
    const results = await search();
    // Result titles are numbered: "1. <title>".
    await expect(results.getByText(`. ${pastedTitle}`).first()).toBeVisible({ timeout: 30_000 });
    await expect(results.getByText(`. ${uploadedTitle}`).first()).toBeVisible();
    await expect(results.getByText(/^score \d\.\d{3}$/).first()).toBeVisible();
    await screenshot(page, "kb-search");
  });

  await test.step("open the pasted article and delete one of its chunks", async () => {
    const documents = page.getByRole("table");
    await documents.getByRole("button", { name: pastedTitle, exact: true }).click();
    const drawer = page.getByRole("dialog");
    await expect(drawer.getByText(`${chunkIds.length} chunks`)).toBeVisible();
    await drawer.getByRole("checkbox", { name: chunkIds[0] }).check();
    await drawer.getByRole("button", { name: "Delete 1 chosen chunk" }).click();
    await expect(drawer.getByText(`${chunkIds.length - 1} chunk`, { exact: false }).first()).toBeVisible();
    await expect(drawer.getByRole("checkbox", { name: chunkIds[0] })).toHaveCount(0);
    await screenshot(page, "kb-document");

    await drawer.getByRole("button", { name: "Delete document" }).click();
    await page.getByRole("tooltip").getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText(`Document calibration-${runId} deleted`)).toBeVisible();
    await expect(documents.getByRole("button", { name: pastedTitle, exact: true })).toHaveCount(0);
  });

  await test.step("delete the uploaded document from the list", async () => {
    const documents = page.getByRole("table");
    await documents.getByRole("button", { name: `Delete ${uploadedTitle}` }).click();
    await page.getByRole("tooltip").getByRole("button", { name: "Delete" }).click();
    await expect(documents.getByRole("button", { name: uploadedTitle, exact: true })).toHaveCount(0);
  });

  await test.step("search no longer finds them", async () => {
    const results = await search();
    await expect(results.or(page.getByText("Nothing found for"))).toBeVisible();
    await expect(page.getByText(`. ${pastedTitle}`)).toHaveCount(0);
    await expect(page.getByText(`. ${uploadedTitle}`)).toHaveCount(0);
  });
});
