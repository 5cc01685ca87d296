import { Card, Empty, Flex, Tag, Typography } from "antd";
import { Link } from "react-router-dom";
import type { Reply, User } from "../../../api/types";
import { formatDateTime } from "../../../shared/format";

interface ConversationProps {
  replies: Reply[];
  usersById: ReadonlyMap<number, User>;
}

const internalNoteStyle: React.CSSProperties = { background: "#fffbe6", borderColor: "#ffe58f" };

function ReplyItem({ reply, author }: { reply: Reply; author: User | undefined }) {
  return (
    <Card
      size="small"
      style={reply.internal ? internalNoteStyle : undefined}
      title={
        <Flex gap="small" align="center" wrap="wrap">
          {author ? <Link to={`/users/${author.id}`}>{author.name}</Link> : <span>User #{reply.author_id}</span>}
          {reply.internal ? <Tag color="gold">Internal note</Tag> : null}
        </Flex>
      }
      extra={
        <Typography.Text type="secondary">
          <time dateTime={reply.created_at}>{formatDateTime(reply.created_at)}</time>
        </Typography.Text>
      }
    >
      <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>{reply.content}</Typography.Paragraph>
    </Card>
  );
}

/** The ticket's replies, oldest first; internal notes stand out on a yellow background. */
export function Conversation({ replies, usersById }: ConversationProps) {
  if (replies.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="No replies yet" />;
  }
  return (
    <ol aria-label="Conversation" style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: 12 }}>
      {replies.map((reply) => (
        <li key={reply.id} aria-label={reply.internal ? "Internal note" : "Reply"} data-internal={reply.internal}>
          <ReplyItem reply={reply} author={usersById.get(reply.author_id)} />
        </li>
      ))}
    </ol>
  );
}
