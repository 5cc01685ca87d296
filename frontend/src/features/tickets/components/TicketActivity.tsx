import { Empty, Timeline, Typography } from "antd";
import type { ActivityEntry, User } from "../../../api/types";
import { formatDateTime } from "../../../shared/format";
import { deletedReplyContent, describeActivity, type NameOf } from "../activityText";

const ACTION_COLORS: Record<string, string> = {
  created: "blue",
  updated: "gray",
  replied: "green",
  note_added: "gold",
  reply_deleted: "red",
};

const EXCERPT_LENGTH = 140;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
}

export function namesFrom(usersById: ReadonlyMap<number, User>): NameOf {
  return (userId) => (userId === null ? "The system" : (usersById.get(userId)?.name ?? `User #${userId}`));
}

/** Who did what to the ticket, oldest first, one sentence each (staff only). */
export function TicketActivity({ entries, usersById }: { entries: ActivityEntry[]; usersById: ReadonlyMap<number, User> }) {
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="No activity yet" />;
  const nameOf = namesFrom(usersById);
  return (
    <Timeline
      aria-label="Activity"
      style={{ marginTop: 8, marginBottom: -24 }}
      items={entries.map((entry) => {
        const deleted = deletedReplyContent(entry);
        return {
          key: entry.id,
          color: ACTION_COLORS[entry.action] ?? "gray",
          children: (
            <div data-action={entry.action}>
              <Typography.Text>{describeActivity(entry, nameOf)}</Typography.Text>
              {deleted ? (
                <Typography.Paragraph type="secondary" italic style={{ margin: 0 }}>
                  {excerpt(deleted)}
                </Typography.Paragraph>
              ) : null}
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <time dateTime={entry.created_at}>{formatDateTime(entry.created_at)}</time>
                </Typography.Text>
              </div>
            </div>
          ),
        };
      })}
    />
  );
}
