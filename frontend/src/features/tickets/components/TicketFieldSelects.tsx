import { Select, type SelectProps } from "antd";
import type { TicketPriority, TicketStatus } from "../../../api/types";
import { TICKET_PRIORITIES, TICKET_STATUSES } from "../../../api/types";
import { PRIORITY_LABELS, STATUS_LABELS } from "../ticketPresentation";

const statusOptions = TICKET_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }));
const priorityOptions = TICKET_PRIORITIES.map((priority) => ({ value: priority, label: PRIORITY_LABELS[priority] }));

export function StatusSelect(props: SelectProps<TicketStatus>) {
  return <Select<TicketStatus> options={statusOptions} {...props} />;
}

export function PrioritySelect(props: SelectProps<TicketPriority>) {
  return <Select<TicketPriority> options={priorityOptions} {...props} />;
}
