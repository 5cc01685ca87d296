import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The backend serves the built console: without a build there is nothing to test. */
export default function globalSetup(): void {
  const index = fileURLToPath(new URL("../dist/index.html", import.meta.url));
  if (!existsSync(index)) {
    throw new Error(`${index} does not exist: run \`npm run build\` before \`npm run e2e\`.`);
  }
}
