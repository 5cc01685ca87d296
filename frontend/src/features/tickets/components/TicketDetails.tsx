import { Descriptions, Typography } from "antd";
import { Link } from "react-router-dom";
import type { Ticket, User } from "../../../api/types";
import { formatDateTime } from "../../../shared/format";
import { TicketTags } from "./TicketBadges";

function UserLink({ userId, usersById }: { userId: number | null; usersById: ReadonlyMap<number, User> }) {
  if (userId === null) return <Typography.Text type="secondary">Unassigned</Typography.Text>;
  const user = usersById.get(userId);
  return <Link to={`/users/${userId}`}>{user ? user.name : `User #${userId}`}</Link>;
}

/** The ticket's people, classification and timestamps. */
export function TicketDetails({ ticket, usersById }: { ticket: Ticket; usersById: ReadonlyMap<number, User> }) {
  return (
    <Descriptions
      column={1}
      size="small"
      items={[
        { key: "requester", label: "Requester", children: <UserLink userId={ticket.requester_id} usersById={usersById} /> },
        { key: "assignee", label: "Assignee", children: <UserLink userId={ticket.assignee_id} usersById={usersById} /> },
        { key: "category", label: "Category", children: ticket.category ?? "—" },
        { key: "tags", label: "Tags", children: <TicketTags tags={ticket.tags} /> },
        { key: "created", label: "Created", children: formatDateTime(ticket.created_at) },
        { key: "updated", label: "Updated", children: formatDateTime(ticket.updated_at) },
        { key: "resolved", label: "Resolved", children: formatDateTime(ticket.resolved_at) },
        { key: "version", label: "Version", children: ticket.version },
      ]}
    />
  );
}
