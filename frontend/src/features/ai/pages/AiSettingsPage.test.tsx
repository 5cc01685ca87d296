import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CategoryDescription, ClassifierStatus } from "../../../api/types";
import { FakeApi, json, problem } from "../../../test/fakeApi";
import { anUntrainedClassifier, theAdmin, theAgent } from "../../../test/fixtures";
import { renderApp } from "../../../test/renderApp";

const trained: ClassifierStatus = {
  status: "ready",
  method: "supervised",
  trained_at: "2025-03-04T09:30:00Z",
  examples: 10003,
  categories: ["card_arrival", "card_linking", "exchange_rate"],
  metrics: {
    folds: 5,
    accuracy: 0.9412,
    macro_f1: 0.9388,
    expected_calibration_error: 0.0213,
    threshold: 0.42,
    target_precision: 0.95,
    coverage_at_target: 0.973,
    precision_at_target: 0.951,
    train_seconds: 38.2,
  },
  confused: [
    { actual: "card_arrival", predicted: "card_linking", count: 14 },
    { actual: "exchange_rate", predicted: "card_arrival", count: 3 },
  ],
  notes: ["Retrained after 12 new labels"],
  error: null,
};

function adminBackend() {
  const state = { classifier: anUntrainedClassifier({ examples: 0 }) as ClassifierStatus, categories: [{ name: "billing", description: "Invoices and refunds" }] as CategoryDescription[] };
  const api = new FakeApi({ account: theAdmin })
    .on("GET", "/api/ai/classifier", () => json(state.classifier))
    .on("GET", "/api/ai/categories", () => json({ items: state.categories }))
    .on("GET", "/api/ai/provider", () =>
      json({ model: "extractive", api_base: null, fallback_models: [], timeout_s: 20, max_retries: 2, key_configured: false }),
    );
  return { api, state };
}

describe("the AI settings page", () => {
  it("trains the classifier (202), follows the job and shows the metrics and most-confused pairs", async () => {
    const { api, state } = adminBackend();
    api.on("POST", "/api/ai/classifier/train", () => {
      state.classifier = { ...anUntrainedClassifier(), status: "training" };
      return json({ status: "training" }, { status: 202 });
    });
    const user = userEvent.setup({ delay: null });
    renderApp("/admin/ai");

    const classifier = await screen.findByRole("region", { name: "Classifier" });
    expect(await within(classifier).findByLabelText("Classifier status")).toHaveTextContent(/^Not trained$/);
    await user.click(within(classifier).getByRole("button", { name: /Train/ }));
    expect(await within(classifier).findByLabelText("Classifier status")).toHaveTextContent(/^Training…$/);
    expect(api.sent("/api/ai/classifier/train", "POST")).toHaveLength(1);

    state.classifier = trained;
    await waitFor(() => expect(within(classifier).getByLabelText("Classifier status")).toHaveTextContent(/^Ready$/), { timeout: 10_000 });
    expect(within(classifier).getByRole("button", { name: /Train/ })).toHaveTextContent("Train");
    for (const [label, value] of [
      ["Accuracy (5-fold)", "94 %"],
      ["Macro-F1", "94 %"],
      ["Calibration error (ECE)", "0.021"],
      ["Coverage at 95 % precision", "97 % (precision 95 %)"],
      ["Abstention threshold", "0.42"],
      ["Examples", "10003"],
      ["Training time", "38.2 s"],
      ["Method", "Learned from labelled tickets"],
    ]) {
      expect(within(classifier).getByText(label).closest("tr")).toHaveTextContent(`${label}${value}`);
    }
    const confused = within(classifier).getByRole("table", { name: "Most-confused categories" });
    const rows = within(confused).getAllByRole("row").slice(1);
    expect(rows.map((row) => row.textContent)).toEqual(["card_arrivalcard_linking14", "exchange_ratecard_arrival3"]);
    expect(within(classifier).getByText("Retrained after 12 new labels")).toBeInTheDocument();

    // Training is over: no more polling.
    const asked = api.sent("/api/ai/classifier").length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(api.sent("/api/ai/classifier")).toHaveLength(asked);
  });

  it("shows the provider without any key", async () => {
    const { api } = adminBackend();
    api.on("GET", "/api/ai/provider", () =>
      json({ model: "openai/qwen2.5", api_base: "http://127.0.0.1:11434/v1", fallback_models: ["deepseek/deepseek-chat"], timeout_s: 30, max_retries: 3, key_configured: true }),
    );
    renderApp("/admin/ai");

    const provider = await screen.findByRole("region", { name: "Provider" });
    expect(await within(provider).findByText("openai/qwen2.5")).toBeInTheDocument();
    expect(provider).toHaveTextContent("API basehttp://127.0.0.1:11434/v1");
    expect(provider).toHaveTextContent("Fallback modelsdeepseek/deepseek-chat");
    expect(provider).toHaveTextContent("Timeout30 s");
    expect(provider).toHaveTextContent("Retries3");
    expect(provider).toHaveTextContent("API key configuredYes");
    expect(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "AI settings" })).toBeInTheDocument();
  });

  it("edits the category descriptions and puts the server's field errors on their fields", async () => {
    const { api, state } = adminBackend();
    let attempts = 0;
    api.on("PUT", "/api/ai/categories", ({ body }) => {
      attempts += 1;
      if (attempts === 1) return problem(422, "Unprocessable Content", "Invalid input", [{ field: "items[1].description", message: "must not mention passwords" }]);
      state.categories = (body as { items: CategoryDescription[] }).items;
      return json({ items: state.categories });
    });
    const user = userEvent.setup({ delay: null });
    renderApp("/admin/ai");

    expect(await screen.findByRole("textbox", { name: "Name of category 1" })).toHaveValue("billing");
    await user.click(screen.getByRole("button", { name: "Add category" }));
    await user.click(screen.getByRole("button", { name: "Save descriptions" }));
    expect(await screen.findByText("Name the category")).toBeInTheDocument();
    expect(api.sent("/api/ai/categories", "PUT")).toHaveLength(0);

    await user.type(screen.getByRole("textbox", { name: "Name of category 2" }), "billing");
    await user.type(screen.getByRole("textbox", { name: "Description of category 2" }), "Password resets");
    await user.click(screen.getByRole("button", { name: "Save descriptions" }));
    expect(await screen.findByText("Used twice")).toBeInTheDocument();
    expect(api.sent("/api/ai/categories", "PUT")).toHaveLength(0);

    const name = screen.getByRole("textbox", { name: "Name of category 2" });
    await user.clear(name);
    await user.type(name, "accounts");
    await user.click(screen.getByRole("button", { name: "Save descriptions" }));
    expect(await screen.findByText("must not mention passwords")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Save descriptions" }));
    expect(await screen.findByText("2 category descriptions saved")).toBeInTheDocument();
    expect(api.sent("/api/ai/categories", "PUT")[1].body).toEqual({
      items: [
        { name: "billing", description: "Invoices and refunds" },
        { name: "accounts", description: "Password resets" },
      ],
    });

    await user.click(screen.getByRole("button", { name: "Remove category 1" }));
    await user.click(screen.getByRole("button", { name: "Save descriptions" }));
    await waitFor(() => expect(api.sent("/api/ai/categories", "PUT")).toHaveLength(3));
    expect(api.sent("/api/ai/categories", "PUT")[2].body).toEqual({ items: [{ name: "accounts", description: "Password resets" }] });
  });

  it("is for admins only: an agent is sent home and has no menu entry", async () => {
    const api = new FakeApi({ account: theAgent })
      .on("GET", "/api/tickets", () => json([], { headers: { "X-Total-Count": "0" } }))
      .on("GET", "/api/users", () => json([], { headers: { "X-Total-Count": "0" } }));
    const { router } = renderApp("/admin/ai");

    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
    const menu = await screen.findByRole("navigation", { name: "Main" });
    expect(within(menu).getByRole("link", { name: "AI chat" })).toBeInTheDocument();
    expect(within(menu).queryByRole("link", { name: "AI settings" })).not.toBeInTheDocument();
    expect(api.sent("/api/ai/provider")).toHaveLength(0);
  });
});
