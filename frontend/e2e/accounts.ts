import { expect, test as base, type APIRequestContext, type Page, type PlaywrightWorkerArgs } from "@playwright/test";

type Playwright = PlaywrightWorkerArgs["playwright"];

/**
 * The admin the backend creates on its first start (ADMIN_EMAIL / ADMIN_PASSWORD, set by
 * playwright.config.ts's webServer). The database is fresh every run, so a fixed test
 * password is enough; E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD change them.
 */
export const ADMIN = {
  name: "Administrator",
  email: process.env.E2E_ADMIN_EMAIL ?? "admin@e2e.test",
  password: process.env.E2E_ADMIN_PASSWORD ?? "e2e-Admin-passphrase-4821",
};

/** An API client signed in as `email` (the OAuth2 password form, then a bearer token on every call). */
export async function apiAs(playwright: Playwright, baseURL: string, email: string, password: string): Promise<APIRequestContext> {
  const anonymous = await playwright.request.newContext({ baseURL });
  const response = await anonymous.post("/api/auth/token", { form: { username: email, password } });
  expect(response.status(), `signing in as ${email}`).toBe(200);
  const { access_token: token } = (await response.json()) as { access_token: string };
  await anonymous.dispose();
  return playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
}

/** Tests get `adminApi`: the API as the bootstrapped admin, for setting up data. */
export const test = base.extend<{ adminApi: APIRequestContext }>({
  adminApi: async ({ playwright, baseURL }, provide) => {
    const api = await apiAs(playwright, baseURL ?? "", ADMIN.email, ADMIN.password);
    await provide(api);
    await api.dispose();
  },
});

export async function createUser(
  api: APIRequestContext,
  user: { name: string; email: string; role?: "customer" | "agent" | "admin"; password?: string },
): Promise<{ id: number }> {
  const response = await api.post("/api/users", { data: user });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: number };
}

/** Fills the sign-in page (where the console sent the browser) and submits it. */
export async function signIn(page: Page, email: string, password: string) {
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

/** A full-page screenshot once nothing is loading any more (test-results/screenshots/, not committed). */
export async function screenshot(page: Page, name: string) {
  await expect(page.locator(".ant-spin-spinning, .ant-skeleton-active")).toHaveCount(0);
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** Picks a user in a searchable user dropdown (server-side search). */
export async function chooseUser(page: Page, label: string, search: string, optionTitle: string) {
  const field = page.getByLabel(label, { exact: true });
  await page.locator(".ant-select").filter({ has: field }).click();
  await field.pressSequentially(search);
  await page.getByTitle(optionTitle, { exact: true }).click();
}
