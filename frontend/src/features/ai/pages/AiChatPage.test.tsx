import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ChatResponse } from "../../../api/types";
import { FakeApi, json, problem } from "../../../test/fakeApi";
import { theCustomer } from "../../../test/fixtures";
import { renderApp } from "../../../test/renderApp";

function answer(query: string, text: string, overrides: Partial<ChatResponse> = {}): ChatResponse {
  return {
    query,
    answer: text,
    kb_sources: [{ document_id: "password-reset", chunk_id: "password-reset:0", title: "Resetting a password", score: 0.82 }],
    kb_snippets: ["Open Settings, then Security."],
    model: "extractive",
    ...overrides,
  };
}

describe("the AI chat", () => {
  it("asks with the conversation so far and shows each answer with its sources", async () => {
    const api = new FakeApi().on("POST", "/api/ai/chat", ({ body }) => {
      const { query } = body as { query: string };
      return json(
        query.startsWith("How")
          ? answer(query, "Open Settings, then Security [1].")
          : answer(query, "Yes, from the same page [1].", { model: "openai/gpt-4o-mini" }),
      );
    });
    const user = userEvent.setup({ delay: null });
    renderApp("/ai/chat");

    const question = await screen.findByRole("textbox", { name: "Question" });
    await user.type(question, "How do I reset a password?");
    await user.click(screen.getByRole("button", { name: "Ask" }));
    const chat = await screen.findByRole("list", { name: "Chat" });
    const first = await within(chat).findByRole("listitem", { name: "Answer" });
    expect(first).toHaveTextContent("Open Settings, then Security [1].");
    expect(within(first).getByRole("list", { name: "Sources" })).toHaveTextContent("[1] Resetting a password (password-reset, score 0.82)");
    expect(within(first).getByText("Extractive answer")).toBeInTheDocument();
    expect(question).toHaveValue("");

    await user.type(question, "Can agents do it for a customer?{Control>}{Enter}{/Control}");
    await waitFor(() => expect(within(chat).getAllByRole("listitem", { name: "Answer" })).toHaveLength(2));
    expect(within(chat).getAllByRole("listitem", { name: "Answer" })[1]).toHaveTextContent("openai/gpt-4o-mini");
    expect([...chat.children].map((item) => item.getAttribute("aria-label"))).toEqual(["Your question", "Answer", "Your question", "Answer"]);

    const [, second] = api.sent("/api/ai/chat", "POST");
    expect(second.body).toEqual({
      query: "Can agents do it for a customer?",
      history: [
        { role: "user", content: "How do I reset a password?" },
        { role: "assistant", content: "Open Settings, then Security [1]." },
      ],
      n_results: 5,
    });

    await user.click(screen.getByRole("button", { name: "New conversation" }));
    expect(screen.queryByRole("list", { name: "Chat" })).not.toBeInTheDocument();
    expect(screen.getByText("Ask a question to start")).toBeInTheDocument();
  });

  it("keeps a question that could not be answered, with the server's reason", async () => {
    const api = new FakeApi().on("POST", "/api/ai/chat", () => problem(503, "Service Unavailable", "The knowledge base is not available."));
    const user = userEvent.setup({ delay: null });
    renderApp("/ai/chat");

    const question = await screen.findByRole("textbox", { name: "Question" });
    await user.type(question, "Where are invoices?");
    await user.click(screen.getByRole("button", { name: "Ask" }));

    expect(await screen.findByText("The knowledge base is not available.")).toBeInTheDocument();
    expect(question).toHaveValue("Where are invoices?");
    expect(screen.queryByRole("list", { name: "Chat" })).not.toBeInTheDocument();
    expect(api.sent("/api/ai/chat", "POST")[0].body).toEqual({ query: "Where are invoices?", history: [], n_results: 5 });
  });

  it("is not for customers", async () => {
    const api = new FakeApi({ account: theCustomer }).on("GET", "/api/tickets", () => json([], { headers: { "X-Total-Count": "0" } }));
    const { router } = renderApp("/ai/chat");

    await waitFor(() => expect(router.state.location.pathname).toBe("/tickets"));
    const menu = await screen.findByRole("navigation", { name: "Main" });
    expect(within(menu).queryByRole("link", { name: "AI chat" })).not.toBeInTheDocument();
    expect(api.sent("/api/ai/chat")).toHaveLength(0);
  });
});
