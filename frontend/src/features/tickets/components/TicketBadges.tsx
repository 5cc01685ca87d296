import { Space, Tag } from "antd";
import type { TicketPriority, TicketStatus } from "../../../api/types";
import { PRIORITY_COLORS, PRIORITY_LABELS, STATUS_COLORS, STATUS_LABELS, tagColor } from "../ticketPresentation";

export function StatusTag({ status }: { status: TicketStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{STATUS_LABELS[status]}</Tag>;
}

export function PriorityTag({ priority }: { priority: TicketPriority }) {
  return <Tag color={PRIORITY_COLORS[priority]}>{PRIORITY_LABELS[priority]}</Tag>;
}

export function TicketTags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return <span aria-label="No tags">—</span>;
  return (
    <Space size={[0, 4]} wrap>
      {tags.map((tag) => (
        <Tag key={tag} color={tagColor(tag)}>
          {tag}
        </Tag>
      ))}
    </Space>
  );
}
