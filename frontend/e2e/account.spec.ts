import { expect } from "@playwright/test";
import { apiAs, createUser, signIn, signOut, test } from "./accounts";

/**
 * A customer changes their own password on My account: the current one is asked for, this
 * browser stays signed in (with the new session's token), every other session of the account
 * ends, and afterwards only the new password signs in.
 */

const runId = `${Date.now().toString(36)}p`;

test("a user changes their password on My account and stays signed in", async ({ page, adminApi, playwright, baseURL }) => {
  const customer = { name: `Paula Password ${runId}`, email: `paula-${runId}@example.com`, password: "paula-old-passphrase-18" };
  const newPassword = "paula-new-passphrase-81";
  await createUser(adminApi, { ...customer, role: "customer" });
  // The same account signed in elsewhere (another browser): that session must end.
  const elsewhere = await apiAs(playwright, baseURL ?? "", customer.email, customer.password);

  await test.step("sign in and open My account from the header", async () => {
    await page.goto("/");
    await signIn(page, customer.email, customer.password);
    await expect(page).toHaveURL(/\/tickets$/);
    await page.getByRole("group", { name: "Signed-in account" }).getByRole("link", { name: "My account" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "My account" })).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Name" })).toHaveValue(customer.name);
  });

  await test.step("a wrong current password is shown on its field and changes nothing", async () => {
    await page.getByLabel("Current password", { exact: true }).fill("not my password");
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Repeat the new password", { exact: true }).fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("is not your current password")).toBeVisible();
    expect((await elsewhere.get("/api/auth/me")).status()).toBe(200);
  });

  await test.step("the right current password changes it; this browser stays signed in, the other session ends", async () => {
    await page.getByLabel("Current password", { exact: true }).fill(customer.password);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Your password is changed")).toBeVisible();
    await expect(page.getByText(/Every other session of your account .* was signed out/)).toBeVisible();

    expect((await elsewhere.get("/api/auth/me")).status()).toBe(401);
    await elsewhere.dispose();

    // Still signed in here, across pages and a reload (the new token is stored).
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My tickets" }).click();
    await expect(page).toHaveURL(/\/tickets$/);
    await expect(page.getByRole("heading", { name: "My tickets" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { name: "My tickets" })).toBeVisible();
    await expect(page.getByRole("group", { name: "Signed-in account" })).toContainText(customer.name);
  });

  await test.step("after signing out, the old password is refused and the new one works", async () => {
    await signOut(page);
    await signIn(page, customer.email, customer.password);
    await expect(page.getByRole("alert")).toContainText("The e-mail address or password is not right.");
    await page.getByLabel("Password", { exact: true }).fill(newPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/tickets$/);
    await expect(page.getByRole("group", { name: "Signed-in account" })).toContainText(customer.name);
  });
});
