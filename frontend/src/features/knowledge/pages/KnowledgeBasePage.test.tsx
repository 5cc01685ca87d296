import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { KbDocumentSummary } from "../../../api/types";
import { FakeApi, json, problem } from "../../../test/fakeApi";
import { theAdmin, theAgent } from "../../../test/fixtures";
import { renderApp } from "../../../test/renderApp";

function aDocument(overrides: Partial<KbDocumentSummary> = {}): KbDocumentSummary {
  return {
    id: "reset-password",
    collection: "kb_main",
    title: "Resetting your password",
    source: null,
    metadata: {},
    chunk_count: 2,
    content_hash: "abc",
    created_at: "2025-01-02T10:00:00Z",
    updated_at: "2025-01-02T10:00:00Z",
    ...overrides,
  };
}

function fakeKnowledge(account = theAdmin) {
  return new FakeApi({ account }).on("GET", "/api/kb/documents", () => json([aDocument()], { headers: { "X-Total-Count": "31" } }));
}

describe("knowledge base page", () => {
  it("checks the paste form before sending and sends the chunking options", async () => {
    const api = fakeKnowledge().on("POST", "/api/kb/ingest", () =>
      json(
        { collection: "kb_main", inserted_ids: ["refunds#0-aaa", "refunds#1-bbb"], documents: [{ id: "refunds", status: "created", chunks: 2 }] },
        { status: 201 },
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderApp("/kb");

    await user.click(await screen.findByRole("button", { name: "Add document" }));
    expect(await screen.findByText("Title is required")).toBeInTheDocument();
    expect(screen.getByText("Text is required")).toBeInTheDocument();

    const maxChars = screen.getByRole("spinbutton", { name: "Max characters" });
    await user.clear(maxChars);
    await user.type(maxChars, "300");
    const overlap = screen.getByRole("spinbutton", { name: "Overlap" });
    await user.clear(overlap);
    await user.type(overlap, "200");
    await user.type(screen.getByRole("textbox", { name: "Title" }), "Refunds");
    await user.type(screen.getByRole("textbox", { name: "Text" }), "Refunds take five days.");
    await user.type(screen.getByRole("textbox", { name: "Document id" }), "bad id!");
    await user.click(screen.getByRole("button", { name: "Add document" }));
    expect(await screen.findByText("Between 0 and half of max characters (150)")).toBeInTheDocument();
    expect(await screen.findByText("Use 1 to 128 letters, digits, dots, underscores or hyphens")).toBeInTheDocument();
    expect(api.sent("/api/kb/ingest", "POST")).toHaveLength(0);

    await user.clear(overlap);
    await user.type(overlap, "100");
    await user.clear(screen.getByRole("textbox", { name: "Document id" }));
    await user.type(screen.getByRole("textbox", { name: "Document id" }), "refunds");
    await user.click(screen.getByRole("button", { name: "Add document" }));

    const result = await screen.findByRole("status");
    expect(result).toHaveTextContent("Document refunds: created, 2 chunks");
    expect(within(result).getByText("refunds#0-aaa")).toBeInTheDocument();
    expect(within(result).getByText("refunds#1-bbb")).toBeInTheDocument();
    expect(api.sent("/api/kb/ingest", "POST")[0].body).toEqual({
      chunk: true,
      max_chars: 300,
      overlap: 100,
      documents: [{ title: "Refunds", text: "Refunds take five days.", id: "refunds" }],
    });
  });

  it("puts the server's field errors on the fields", async () => {
    fakeKnowledge().on("POST", "/api/kb/ingest", () =>
      problem(422, "Invalid request", "The request has invalid fields.", [{ field: "documents[0].text", message: "must not be empty" }]),
    );
    const user = userEvent.setup({ delay: null });
    renderApp("/kb");
    await user.type(await screen.findByRole("textbox", { name: "Title" }), "Refunds");
    await user.type(screen.getByRole("textbox", { name: "Text" }), "x");
    await user.click(screen.getByRole("button", { name: "Add document" }));
    const textField = screen.getByRole("textbox", { name: "Text" }).closest(".ant-form-item") as HTMLElement;
    await waitFor(() => expect(textField).toHaveTextContent("must not be empty"));
  });

  it("lists documents with the total from X-Total-Count", async () => {
    fakeKnowledge();
    renderApp("/kb");
    expect(await screen.findByRole("button", { name: "Resetting your password" })).toBeInTheDocument();
    expect(screen.getByText("31 documents")).toBeInTheDocument();
  });

  it("shows search results with content, title, metadata and score", async () => {
    const api = new FakeApi({ account: theAgent }).on("POST", "/api/kb/search", ({ body }) =>
      json({
        query: (body as { query: string }).query,
        matches: [
          {
            id: "reset-password#0-abc",
            document_id: "reset-password",
            title: "Resetting your password",
            section: "Accounts > Passwords",
            content: "Open Settings and choose Reset password.",
            score: 0.8312,
            metadata: { lang: "en" },
          },
        ],
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp("/kb");

    // Agents search but do not manage documents.
    const search = await screen.findByRole("searchbox", { name: "Search" });
    expect(screen.queryByRole("button", { name: "Add document" })).not.toBeInTheDocument();
    const topK = screen.getByRole("spinbutton", { name: "Top k" });
    await user.clear(topK);
    await user.type(topK, "3");
    await user.type(search, "forgot my password{Enter}");

    const results = await screen.findByRole("region", { name: "Search results" });
    expect(within(results).getByText("1. Resetting your password")).toBeInTheDocument();
    expect(within(results).getByText("Accounts > Passwords")).toBeInTheDocument();
    expect(within(results).getByText("Open Settings and choose Reset password.")).toBeInTheDocument();
    expect(within(results).getByText("score 0.831")).toBeInTheDocument();
    expect(within(results).getByText("lang: en")).toBeInTheDocument();
    expect(api.sent("/api/kb/search", "POST")[0].body).toEqual({ query: "forgot my password", n_results: 3 });
    expect(api.sent("/api/kb/documents")).toHaveLength(0);
  });
});
