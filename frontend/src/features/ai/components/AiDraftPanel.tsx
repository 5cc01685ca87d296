import { EditOutlined, ReloadOutlined, SendOutlined, StopOutlined } from "@ant-design/icons";
import { Alert, App, Button, Divider, Empty, Flex, Popconfirm, Skeleton, Spin, Tag, Typography } from "antd";
import { useState } from "react";
import { describeError } from "../../../api/problem";
import type { Draft, Ticket } from "../../../api/types";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { formatDateTime, languageName } from "../../../shared/format";
import { isExtractive } from "../aiPresentation";
import { aiIsWorking, useAcceptDraft, useRegenerate, useTicketAi } from "../hooks/useTicketAi";
import { CitationList } from "./CitationList";
import { DraftHistory } from "./DraftHistory";
import { RejectDraftModal } from "./RejectDraftModal";

interface AiDraftPanelProps {
  ticket: Ticket;
  /** Puts the draft's text into the reply box, which then sends it through the draft's accept. */
  onInsert: (draft: Draft) => void;
  /** The draft that is in the reply box now, if any. */
  insertedDraftId: number | null;
}

const heading = (text: string) => (
  <Typography.Title level={3} style={{ fontSize: 14, margin: "0 0 8px" }}>
    {text}
  </Typography.Title>
);

/** Milliseconds as people read them: "850 ms", "2.4 s". */
function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Which model wrote the draft, how fast (a language model's; an extractive draft takes no time
 * worth showing), and how it is labelled (extractive drafts say so). */
function DraftFacts({ draft }: { draft: Draft }) {
  const tokens = draft.prompt_tokens !== null || draft.completion_tokens !== null;
  return (
    <Flex gap={4} wrap="wrap" align="center" style={{ marginBottom: 8 }}>
      {isExtractive(draft) ? (
        <Tag color="gold" title="Composed from the retrieved passages, without a language model">
          Extractive draft
        </Tag>
      ) : (
        <Tag color="purple">{draft.model}</Tag>
      )}
      {draft.language ? <Tag title={`Language: ${draft.language}`}>{languageName(draft.language)}</Tag> : null}
      {draft.latency_ms !== null && !isExtractive(draft) ? (
        <Typography.Text type="secondary" title="How long the language model took to write it">
          written in {formatDuration(draft.latency_ms)}
        </Typography.Text>
      ) : null}
      {tokens ? (
        <Typography.Text type="secondary">
          · {draft.prompt_tokens ?? "?"} + {draft.completion_tokens ?? "?"} tokens
        </Typography.Text>
      ) : null}
      <Typography.Text type="secondary">· #{draft.id}, {formatDateTime(draft.created_at)}</Typography.Text>
    </Flex>
  );
}

/**
 * The AI's draft reply (staff): the pending draft with its cited passages, Insert into reply,
 * Accept and send, Reject (with a reason) and Regenerate; the job's progress while it works and
 * its error when it failed (Retry = Regenerate); and what became of earlier drafts.
 */
export function AiDraftPanel({ ticket, onInsert, insertedDraftId }: AiDraftPanelProps) {
  const ai = useTicketAi(ticket.id, ticket.created_at);
  const accept = useAcceptDraft(ticket.id);
  const regenerate = useRegenerate(ticket.id);
  const [rejecting, setRejecting] = useState<number | null>(null);
  const { message } = App.useApp();
  const closed = ticket.status === "closed";

  const runRegenerate = async () => {
    try {
      await regenerate.mutateAsync();
      void message.success("New suggestions and draft ready");
    } catch (error) {
      void message.error(describeError(error).message, 6);
    }
  };

  const acceptAsDrafted = async (draft: Draft) => {
    try {
      await accept.mutateAsync({ draftId: draft.id });
      void message.success("Draft sent as the reply");
    } catch (error) {
      void message.error(describeError(error).message, 6);
    }
  };

  const regenerateButton = (label: string) => (
    <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void runRegenerate()} loading={regenerate.isPending}>
      {label}
    </Button>
  );

  if (ai.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (ai.error) return <ErrorAlert error={ai.error} title="Could not load the AI draft" onRetry={() => void ai.refetch()} />;

  const { job, drafts } = ai.data;
  const working = aiIsWorking(ai.data, ticket.created_at);
  const pending = drafts.find((draft) => draft.status === "pending");
  const earlier = drafts.filter((draft) => draft !== pending);

  return (
    <section aria-label="AI draft">
      {working ? (
        <Flex gap="small" align="center" role="status" style={{ marginBottom: 12 }}>
          <Spin size="small" /> <Typography.Text type="secondary">{job?.status === "running" ? "Drafting a reply…" : "Waiting for the AI…"}</Typography.Text>
        </Flex>
      ) : null}
      {job?.status === "failed" ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={`Failed: ${job.error ?? "the AI could not finish"}`}
          description={`After ${job.attempts} attempt${job.attempts === 1 ? "" : "s"}.`}
          action={
            <Button size="small" onClick={() => void runRegenerate()} loading={regenerate.isPending}>
              Retry
            </Button>
          }
        />
      ) : null}
      {pending ? (
        <article aria-label={`Draft #${pending.id}`}>
          <DraftFacts draft={pending} />
          {pending.fallback_reason ? <Alert type="info" showIcon style={{ marginBottom: 8 }} message={pending.fallback_reason} /> : null}
          <div
            aria-label="Draft text"
            style={{ whiteSpace: "pre-wrap", background: "#f6f8ff", border: "1px solid #d6e4ff", borderRadius: 6, padding: 12 }}
          >
            {pending.text}
          </div>
          <Flex gap="small" wrap="wrap" style={{ marginTop: 12 }}>
            <Button type="primary" icon={<EditOutlined aria-hidden />} onClick={() => onInsert(pending)} disabled={closed}>
              {insertedDraftId === pending.id ? "Insert again" : "Insert into reply"}
            </Button>
            <Popconfirm
              title="Send this draft to the requester as it is?"
              okText="Send"
              onConfirm={() => acceptAsDrafted(pending)}
              disabled={closed}
            >
              <Button icon={<SendOutlined aria-hidden />} loading={accept.isPending} disabled={closed}>
                Accept and send
              </Button>
            </Popconfirm>
            <Button danger icon={<StopOutlined aria-hidden />} onClick={() => setRejecting(pending.id)}>
              Reject
            </Button>
            {regenerateButton("Regenerate")}
          </Flex>
          {closed ? <Typography.Text type="secondary">This ticket is closed: reopen it to reply.</Typography.Text> : null}
          <Divider style={{ margin: "12px 0" }} />
          {heading("Cited passages")}
          <CitationList citations={pending.citations} />
        </article>
      ) : working ? null : (
        <Flex vertical align="center" gap="small">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="No draft waiting for review" style={{ margin: 0 }} />
          {job?.status === "failed" ? null : regenerateButton(drafts.length > 0 ? "Regenerate" : "Suggest a reply")}
        </Flex>
      )}
      {earlier.length > 0 ? (
        <>
          <Divider style={{ margin: "12px 0" }} />
          {heading("Earlier drafts")}
          <DraftHistory drafts={earlier} />
        </>
      ) : null}
      <RejectDraftModal
        ticketId={ticket.id}
        draftId={rejecting}
        onClose={() => setRejecting(null)}
        onRejected={() => {
          setRejecting(null);
          void message.success("Draft rejected");
        }}
      />
    </section>
  );
}
