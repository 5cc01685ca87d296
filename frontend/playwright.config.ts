import { defineConfig, devices } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ADMIN } from "./e2e/accounts";

/**
 * End-to-end tests against the real backend, which serves the built console (frontend/dist)
 * itself: run `npm run build` first. Each run starts the backend on a fresh SQLite file, which
 * creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD (e2e/accounts.ts) on start-up.
 */
const port = Number(process.env.E2E_PORT ?? 8799);
const baseURL = `http://127.0.0.1:${port}`;
const databaseFile = join(tmpdir(), `astratickets-e2e-${port}.db`);
const dataDir = join(tmpdir(), `astratickets-e2e-${port}-data`);
const vectorDir = join(tmpdir(), `astratickets-e2e-${port}-vectors`);
const frontendDir = dirname(fileURLToPath(import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  // Each test takes 20-30 s on an idle 2-core machine; the margin is for a busy one.
  timeout: 90_000,
  expect: { timeout: 7_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    viewport: { width: 1280, height: 860 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 860 },
        launchOptions: {
          executablePath: chromiumPath,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    // A fresh database and vector store every run: both are removed before the backend starts.
    command: `rm -rf "${databaseFile}" "${vectorDir}" && exec .venv/bin/astratickets serve --host 127.0.0.1 --port ${port}`,
    cwd: join(frontendDir, ".."),
    url: `${baseURL}/health`,
    env: {
      DATABASE_URL: `sqlite+aiosqlite:///${databaseFile}`,
      CONSOLE_DIST: join(frontendDir, "dist"),
      LOG_LEVEL: "WARNING",
      ENVIRONMENT: "development",
      // Tokens signed with a key of this run only; nothing is written to the repository's var/.
      SECRET_KEY: randomBytes(32).toString("hex"),
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ALLOW_SIGNUP: "true",
      // The knowledge base and similar tickets with the fast word-hashing embedder (no model to
      // load). The vectors go to an embedded store of this run, not memory://: `serve` loads the
      // sample articles in its own process before the server starts, and the server (and the
      // AI's drafts, which cite them) must find their vectors.
      EMBEDDING_MODEL: "hashing",
      VECTOR_STORE_PATH: vectorDir,
    },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
