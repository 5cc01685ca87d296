import { Descriptions, Typography } from "antd";
import type { DescriptionsProps } from "antd";
import { Link } from "react-router-dom";
import type { Ticket, User } from "../../../api/types";
import { formatDateTime } from "../../../shared/format";
import { TicketTags } from "./TicketBadges";

interface PersonProps {
  userId: number | null;
  usersById: ReadonlyMap<number, User>;
  linkable: boolean;
}

function Person({ userId, usersById, linkable }: PersonProps) {
  if (userId === null) return <Typography.Text type="secondary">Unassigned</Typography.Text>;
  const user = usersById.get(userId);
  const name = user ? user.name : `User #${userId}`;
  return linkable ? <Link to={`/users/${userId}`}>{name}</Link> : <span>{name}</span>;
}

interface TicketDetailsProps {
  ticket: Ticket;
  usersById: ReadonlyMap<number, User>;
  /** Staff: people link to their pages, and the assignee is shown. (The version is the ETag for edits, not a field people read.) */
  staffView?: boolean;
}

/** The ticket's people, classification and timestamps. */
export function TicketDetails({ ticket, usersById, staffView = true }: TicketDetailsProps) {
  const items: DescriptionsProps["items"] = [
    { key: "requester", label: "Requester", children: <Person userId={ticket.requester_id} usersById={usersById} linkable={staffView} /> },
    ...(staffView
      ? [{ key: "assignee", label: "Assignee", children: <Person userId={ticket.assignee_id} usersById={usersById} linkable /> }]
      : []),
    { key: "category", label: "Category", children: ticket.category ?? "—" },
    { key: "tags", label: "Tags", children: <TicketTags tags={ticket.tags} /> },
    { key: "created", label: "Created", children: formatDateTime(ticket.created_at) },
    { key: "updated", label: "Updated", children: formatDateTime(ticket.updated_at) },
    { key: "resolved", label: "Resolved", children: formatDateTime(ticket.resolved_at) },
  ];
  return <Descriptions column={1} size="small" items={items} />;
}
