import { DeleteOutlined, EditOutlined } from "@ant-design/icons";
import { App, Button, Card, Col, Result, Row, Skeleton, Space, Typography } from "antd";
import { useMemo, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { isApiError } from "../../../api/problem";
import type { Ticket } from "../../../api/types";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { formatDateTime } from "../../../shared/format";
import { PageHeader } from "../../../shared/PageHeader";
import { useCurrentAccount } from "../../auth/currentAccount";
import { usePeople } from "../../users/hooks/usePeople";
import { peopleInActivity } from "../activityText";
import { Conversation } from "../components/Conversation";
import { EditTicketModal } from "../components/EditTicketModal";
import { ReplyForm, type InsertedDraft } from "../components/ReplyForm";
import { AiDraftPanel } from "../../ai/components/AiDraftPanel";
import { AiTriagePanel } from "../../ai/components/AiTriagePanel";
import { SatisfactionCard } from "../components/SatisfactionCard";
import { SimilarTickets } from "../components/SimilarTickets";
import { SlaBadge } from "../components/SlaBadge";
import { TicketActivity } from "../components/TicketActivity";
import { PriorityTag, StatusTag } from "../components/TicketBadges";
import { TicketDetails } from "../components/TicketDetails";
import { TicketQuickFields } from "../components/TicketQuickFields";
import { useConfirmReplyDeletion } from "../hooks/useConfirmReplyDeletion";
import { useConfirmTicketDeletion } from "../hooks/useConfirmTicketDeletion";
import { useActivity, useReplies, useTicket } from "../hooks/useTicket";

function TicketNotFound({ id }: { id: string | undefined }) {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="Ticket not found"
      subTitle={`There is no ticket #${id ?? ""}. It may have been deleted.`}
      extra={<Button onClick={() => navigate("/tickets")}>Back to tickets</Button>}
    />
  );
}

export function TicketDetailPage() {
  const { ticketId } = useParams();
  const id = Number(ticketId);
  const validId = Number.isInteger(id) && id > 0;
  if (!validId) return <TicketNotFound id={ticketId} />;
  return <TicketDetail id={id} />;
}

function TicketDetail({ id }: { id: number }) {
  const ticket = useTicket(id);
  if (ticket.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (isApiError(ticket.error, 404)) return <TicketNotFound id={String(id)} />;
  if (ticket.error) return <ErrorAlert error={ticket.error} title="Could not load the ticket" onRetry={() => void ticket.refetch()} />;
  return <TicketView ticket={ticket.data} />;
}

const sectionTitle = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/**
 * The ticket. Staff get everything: workflow fields, edit, delete, internal notes, deleting
 * replies and the activity log. Customers (who only ever load their own tickets, and only
 * public replies) get the description, the conversation and a reply box.
 */
function TicketView({ ticket }: { ticket: Ticket }) {
  const { account, permissions } = useCurrentAccount();
  const replies = useReplies(ticket.id);
  const activity = useActivity(ticket.id, { enabled: permissions.seeActivity });
  const replyList = useMemo(() => replies.data ?? [], [replies.data]);
  const peopleIds = useMemo(
    () => [
      ticket.requester_id,
      ticket.assignee_id,
      ...replyList.map((reply) => reply.author_id),
      ...(activity.data ?? []).flatMap(peopleInActivity),
    ],
    [ticket.requester_id, ticket.assignee_id, replyList, activity.data],
  );
  const { usersById, linkable } = usePeople(peopleIds);
  const [editing, setEditing] = useState(false);
  const [insertedDraft, setInsertedDraft] = useState<InsertedDraft | null>(null);
  const confirmDeletion = useConfirmTicketDeletion(ticket, replyList);
  const confirmReplyDeletion = useConfirmReplyDeletion(ticket.id);
  const { message } = App.useApp();
  const closed = ticket.status === "closed";
  const solved = ticket.status === "resolved" || closed;
  const isRequester = ticket.requester_id === account.id;

  return (
    <>
      <PageHeader
        title={`#${ticket.id} ${ticket.title}`}
        subtitle={
          <Space size="small" wrap>
            <StatusTag status={ticket.status} />
            <PriorityTag priority={ticket.priority} />
            <SlaBadge ticket={ticket} />
            <span>opened {formatDateTime(ticket.created_at)}</span>
          </Space>
        }
        extra={
          permissions.manageTickets ? (
            <>
              <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
                Edit
              </Button>
              <Button danger icon={<DeleteOutlined aria-hidden />} onClick={confirmDeletion} disabled={replies.isPending}>
                Delete
              </Button>
            </>
          ) : undefined
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Space direction="vertical" size="middle" style={{ width: "100%" }}>
            {solved && isRequester ? <SatisfactionCard ticket={ticket} isRequester heading={sectionTitle} /> : null}
            <Card size="small" title="Description">
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>{ticket.content}</Typography.Paragraph>
            </Card>
            <Card size="small" title={sectionTitle("Conversation")}>
              {replies.isPending ? <Skeleton active /> : null}
              {replies.error ? <ErrorAlert error={replies.error} title="Could not load the conversation" onRetry={() => void replies.refetch()} /> : null}
              {replies.data ? (
                <Conversation
                  replies={replies.data}
                  usersById={usersById}
                  linkAuthors={linkable}
                  onDelete={permissions.deleteReplies ? confirmReplyDeletion : undefined}
                  showAiAssisted={permissions.aiAssistant}
                />
              ) : null}
            </Card>
            {permissions.aiAssistant ? (
              <Card size="small" title={sectionTitle("AI draft reply")}>
                <AiDraftPanel
                  ticket={ticket}
                  insertedDraftId={insertedDraft?.id ?? null}
                  onInsert={(draft) => setInsertedDraft({ id: draft.id, text: draft.text, insertion: Date.now() })}
                />
              </Card>
            ) : null}
            <Card size="small" title={sectionTitle("Reply")}>
              {closed ? (
                <Typography.Text type="secondary">
                  {permissions.manageTickets ? "This ticket is closed: reopen it to reply." : "This ticket is closed. Open a new ticket if you need more help."}
                </Typography.Text>
              ) : (
                <ReplyForm
                  ticketId={ticket.id}
                  allowInternalNotes={permissions.writeInternalNotes}
                  onSent={(internal) => void message.success(internal ? "Internal note added" : "Reply sent")}
                  draft={permissions.aiAssistant ? insertedDraft : null}
                  onDraftDetached={() => setInsertedDraft(null)}
                />
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Space direction="vertical" size="middle" style={{ width: "100%" }}>
            {permissions.aiAssistant ? (
              <Card size="small" title={sectionTitle("AI triage")}>
                <AiTriagePanel ticket={ticket} />
              </Card>
            ) : null}
            {permissions.manageTickets ? (
              <Card size="small" title="Workflow">
                <TicketQuickFields ticket={ticket} />
              </Card>
            ) : null}
            <Card size="small" title="Details">
              <TicketDetails ticket={ticket} usersById={usersById} staffView={permissions.staff} />
            </Card>
            {solved && !isRequester ? <SatisfactionCard ticket={ticket} isRequester={false} heading={sectionTitle} /> : null}
            {permissions.seeSimilarTickets ? (
              <Card size="small" title={sectionTitle("Similar tickets")}>
                <SimilarTickets ticketId={ticket.id} />
              </Card>
            ) : null}
            {permissions.seeActivity ? (
              <Card size="small" title={sectionTitle("Activity")}>
                {activity.isPending ? <Skeleton active paragraph={{ rows: 3 }} /> : null}
                {activity.error ? (
                  <ErrorAlert error={activity.error} title="Could not load the activity" onRetry={() => void activity.refetch()} />
                ) : null}
                {activity.data ? <TicketActivity entries={activity.data} usersById={usersById} /> : null}
              </Card>
            ) : null}
          </Space>
        </Col>
      </Row>
      {permissions.manageTickets ? (
        <EditTicketModal
          ticket={ticket}
          open={editing}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            void message.success(saved ? `Ticket #${saved.id} saved` : "Nothing changed");
          }}
        />
      ) : null}
    </>
  );
}
