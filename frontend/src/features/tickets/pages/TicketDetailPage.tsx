import { DeleteOutlined, EditOutlined } from "@ant-design/icons";
import { App, Button, Card, Col, Result, Row, Skeleton, Space, Typography } from "antd";
import { useMemo, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { isApiError } from "../../../api/problem";
import type { Ticket } from "../../../api/types";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { formatDateTime } from "../../../shared/format";
import { PageHeader } from "../../../shared/PageHeader";
import { useUsersByIds } from "../../users/hooks/useUsersByIds";
import { Conversation } from "../components/Conversation";
import { EditTicketModal } from "../components/EditTicketModal";
import { ReplyForm } from "../components/ReplyForm";
import { PriorityTag, StatusTag } from "../components/TicketBadges";
import { TicketDetails } from "../components/TicketDetails";
import { TicketQuickFields } from "../components/TicketQuickFields";
import { useConfirmTicketDeletion } from "../hooks/useConfirmTicketDeletion";
import { useReplies, useTicket } from "../hooks/useTicket";

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

function TicketView({ ticket }: { ticket: Ticket }) {
  const replies = useReplies(ticket.id);
  const replyList = useMemo(() => replies.data ?? [], [replies.data]);
  const peopleIds = useMemo(
    () => [ticket.requester_id, ticket.assignee_id, ...replyList.map((reply) => reply.author_id)],
    [ticket.requester_id, ticket.assignee_id, replyList],
  );
  const { usersById } = useUsersByIds(peopleIds);
  const [editing, setEditing] = useState(false);
  const confirmDeletion = useConfirmTicketDeletion(ticket, replyList);
  const { message } = App.useApp();
  const closed = ticket.status === "closed";

  return (
    <>
      <PageHeader
        title={`#${ticket.id} ${ticket.title}`}
        subtitle={
          <Space size="small" wrap>
            <StatusTag status={ticket.status} />
            <PriorityTag priority={ticket.priority} />
            <span>opened {formatDateTime(ticket.created_at)}</span>
          </Space>
        }
        extra={
          <>
            <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button danger icon={<DeleteOutlined aria-hidden />} onClick={confirmDeletion} disabled={replies.isPending}>
              Delete
            </Button>
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Space direction="vertical" size="middle" style={{ width: "100%" }}>
            <Card size="small" title="Description">
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>{ticket.content}</Typography.Paragraph>
            </Card>
            <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>Conversation</h2>}>
              {replies.isPending ? <Skeleton active /> : null}
              {replies.error ? <ErrorAlert error={replies.error} title="Could not load the conversation" onRetry={() => void replies.refetch()} /> : null}
              {replies.data ? <Conversation replies={replies.data} usersById={usersById} /> : null}
            </Card>
            <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>Reply</h2>}>
              {closed ? (
                <Typography.Text type="secondary">This ticket is closed: reopen it to reply.</Typography.Text>
              ) : (
                <ReplyForm
                  ticketId={ticket.id}
                  defaultAuthorId={ticket.assignee_id}
                  onSent={(internal) => void message.success(internal ? "Internal note added" : "Reply sent")}
                />
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Space direction="vertical" size="middle" style={{ width: "100%" }}>
            <Card size="small" title="Workflow">
              <TicketQuickFields ticket={ticket} />
            </Card>
            <Card size="small" title="Details">
              <TicketDetails ticket={ticket} usersById={usersById} />
            </Card>
          </Space>
        </Col>
      </Row>
      <EditTicketModal
        ticket={ticket}
        open={editing}
        onClose={() => setEditing(false)}
        onSaved={(saved) => {
          setEditing(false);
          void message.success(saved ? `Ticket #${saved.id} saved` : "Nothing changed");
        }}
      />
    </>
  );
}
