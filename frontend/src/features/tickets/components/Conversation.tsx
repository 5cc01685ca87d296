import { DeleteOutlined, RobotOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Flex, Tag, Typography } from "antd";
import { Link } from "react-router-dom";
import type { Reply, User } from "../../../api/types";
import { formatDateTime } from "../../../shared/format";

interface ConversationProps {
  replies: Reply[];
  usersById: ReadonlyMap<number, User>;
  /** Whether author names link to the users pages (staff). */
  linkAuthors?: boolean;
  /** Offered to staff: removes a reply or note (after asking). */
  onDelete?: (reply: Reply) => void;
  /** Marks replies written from an AI draft (staff; customers are not shown AI data). */
  showAiAssisted?: boolean;
}

const internalNoteStyle: React.CSSProperties = { background: "#fffbe6", borderColor: "#ffe58f" };

function AuthorName({ reply, author, linkAuthors }: { reply: Reply; author: User | undefined; linkAuthors: boolean }) {
  if (!author) return <span>{linkAuthors ? `User #${reply.author_id}` : "Support team"}</span>;
  return linkAuthors ? <Link to={`/users/${author.id}`}>{author.name}</Link> : <span>{author.name}</span>;
}

interface ReplyItemProps {
  reply: Reply;
  author: User | undefined;
  linkAuthors: boolean;
  onDelete?: (reply: Reply) => void;
  showAiAssisted: boolean;
}

function ReplyItem({ reply, author, linkAuthors, onDelete, showAiAssisted }: ReplyItemProps) {
  const kind = reply.internal ? "internal note" : "reply";
  return (
    <Card
      size="small"
      style={reply.internal ? internalNoteStyle : undefined}
      title={
        <Flex gap="small" align="center" wrap="wrap">
          <AuthorName reply={reply} author={author} linkAuthors={linkAuthors} />
          {reply.internal ? <Tag color="gold">Internal note</Tag> : null}
          {showAiAssisted && reply.ai_assisted ? (
            <Tag color="purple" icon={<RobotOutlined aria-hidden />}>
              AI-assisted
            </Tag>
          ) : null}
        </Flex>
      }
      extra={
        <Flex gap="small" align="center">
          <Typography.Text type="secondary">
            <time dateTime={reply.created_at}>{formatDateTime(reply.created_at)}</time>
          </Typography.Text>
          {onDelete ? (
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined aria-hidden />}
              aria-label={`Delete ${kind}`}
              title={`Delete this ${kind}`}
              onClick={() => onDelete(reply)}
            />
          ) : null}
        </Flex>
      }
    >
      <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>{reply.content}</Typography.Paragraph>
    </Card>
  );
}

/** The ticket's replies, oldest first; internal notes stand out on a yellow background, AI-assisted replies are tagged (staff). */
export function Conversation({ replies, usersById, linkAuthors = true, onDelete, showAiAssisted = false }: ConversationProps) {
  if (replies.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="No replies yet" />;
  }
  return (
    <ol aria-label="Conversation" style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: 12 }}>
      {replies.map((reply) => (
        <li key={reply.id} aria-label={reply.internal ? "Internal note" : "Reply"} data-internal={reply.internal}>
          <ReplyItem
            reply={reply}
            author={usersById.get(reply.author_id)}
            linkAuthors={linkAuthors}
            onDelete={onDelete}
            showAiAssisted={showAiAssisted}
          />
        </li>
      ))}
    </ol>
  );
}
