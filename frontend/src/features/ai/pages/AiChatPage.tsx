import { ClearOutlined, SendOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Card, Empty, Flex, Input, Tag, Typography } from "antd";
import { useState } from "react";
import type { ChatResponse, ChatTurn } from "../../../api/types";
import { describeError } from "../../../api/problem";
import { PageHeader } from "../../../shared/PageHeader";
import { EXTRACTIVE_MODEL } from "../aiPresentation";
import { chat } from "../api";

/** One message of the conversation; the assistant's carry the server's answer with its sources. */
interface ChatMessage extends ChatTurn {
  answer?: ChatResponse;
}

const MAX_QUESTION_LENGTH = 2000;

function Sources({ answer }: { answer: ChatResponse }) {
  if (answer.kb_sources.length === 0) return <Typography.Text type="secondary">No knowledge-base sources.</Typography.Text>;
  return (
    <ol aria-label="Sources" style={{ margin: "4px 0 0", paddingLeft: 0, listStyle: "none", display: "grid", gap: 2 }}>
      {answer.kb_sources.map((source, index) => (
        <li key={`${source.chunk_id}-${index}`} style={{ fontSize: 12 }}>
          <Typography.Text strong>[{index + 1}]</Typography.Text> {source.title}{" "}
          <Typography.Text type="secondary">
            ({source.document_id}, score {source.score.toFixed(2)})
          </Typography.Text>
        </li>
      ))}
    </ol>
  );
}

function MessageItem({ message }: { message: ChatMessage }) {
  const mine = message.role === "user";
  return (
    <li aria-label={mine ? "Your question" : "Answer"} style={{ display: "flex", justifyContent: mine ? "flex-end" : "flex-start" }}>
      <Card size="small" style={{ maxWidth: "80%", background: mine ? "#e6f4ff" : undefined }}>
        <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: message.answer ? 8 : 0 }}>{message.content}</Typography.Paragraph>
        {message.answer ? (
          <>
            <Flex gap={4} align="center" style={{ marginBottom: 4 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                Sources
              </Typography.Text>
              <Tag color={message.answer.model === EXTRACTIVE_MODEL ? "gold" : "purple"}>
                {message.answer.model === EXTRACTIVE_MODEL ? "Extractive answer" : message.answer.model}
              </Tag>
            </Flex>
            <Sources answer={message.answer} />
          </>
        ) : null}
      </Card>
    </li>
  );
}

/**
 * A conversation with the knowledge base (staff): each question goes to `POST /api/ai/chat`
 * with the conversation so far, and each answer shows the articles it drew on.
 */
export function AiChatPage() {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [question, setQuestion] = useState("");
  const ask = useMutation({ mutationFn: ({ query, history }: { query: string; history: ChatTurn[] }) => chat(query, history) });

  const send = async () => {
    const query = question.trim();
    if (!query || ask.isPending) return;
    const history = messages.map(({ role, content }) => ({ role, content }));
    setMessages((current) => [...current, { role: "user", content: query }]);
    setQuestion("");
    try {
      const answer = await ask.mutateAsync({ query, history });
      setMessages((current) => [...current, { role: "assistant", content: answer.answer, answer }]);
    } catch {
      // The question goes back into the box so it can be sent again.
      setMessages((current) => current.slice(0, -1));
      setQuestion(query);
    }
  };

  return (
    <>
      <PageHeader
        title="AI chat"
        subtitle="Ask the knowledge base; answers cite the articles they come from"
        extra={
          <Button
            icon={<ClearOutlined aria-hidden />}
            disabled={messages.length === 0 || ask.isPending}
            onClick={() => {
              setMessages([]);
              ask.reset();
            }}
          >
            New conversation
          </Button>
        }
      />
      <Card size="small">
        {messages.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Ask a question to start" />
        ) : (
          <ol aria-label="Chat" style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: 12 }}>
            {messages.map((message, index) => (
              <MessageItem key={index} message={message} />
            ))}
          </ol>
        )}
        {ask.isPending ? (
          <Typography.Text type="secondary" role="status" style={{ display: "block", marginTop: 12 }}>
            Looking it up…
          </Typography.Text>
        ) : null}
        {ask.error ? (
          <Alert type="error" showIcon style={{ marginTop: 12 }} message="The question could not be answered" description={describeError(ask.error).message} />
        ) : null}
        <form
          aria-label="Ask"
          style={{ marginTop: 16 }}
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <Flex gap="small" align="flex-end">
            <Input.TextArea
              aria-label="Question"
              value={question}
              maxLength={MAX_QUESTION_LENGTH}
              autoSize={{ minRows: 1, maxRows: 6 }}
              placeholder="How do I reset a customer's password? (Ctrl+Enter sends)"
              onChange={(event) => setQuestion(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                  event.preventDefault();
                  void send();
                }
              }}
            />
            <Button type="primary" htmlType="submit" icon={<SendOutlined aria-hidden />} loading={ask.isPending} disabled={!question.trim()}>
              Ask
            </Button>
          </Flex>
        </form>
      </Card>
    </>
  );
}
