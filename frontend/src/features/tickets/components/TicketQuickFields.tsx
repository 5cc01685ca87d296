import { App, Form } from "antd";
import { describeError, isApiError } from "../../../api/problem";
import type { Ticket, TicketUpdate } from "../../../api/types";
import { STALE_TICKET_MESSAGE, useUpdateTicket } from "../hooks/useTicketMutations";
import { PRIORITY_LABELS, STATUS_LABELS } from "../ticketPresentation";
import { PrioritySelect, StatusSelect } from "./TicketFieldSelects";

/** Status and priority, changed in place (each change is a PATCH with If-Match). */
export function TicketQuickFields({ ticket }: { ticket: Ticket }) {
  const updateTicket = useUpdateTicket(ticket);
  const { message } = App.useApp();

  const change = async (changes: TicketUpdate, done: string) => {
    try {
      await updateTicket.mutateAsync(changes);
      void message.success(done);
    } catch (error) {
      if (isApiError(error, 412)) {
        void message.warning(STALE_TICKET_MESSAGE, 6);
      } else {
        void message.error(describeError(error).message, 6);
      }
    }
  };

  return (
    <Form layout="vertical" component="div">
      <Form.Item label="Status" htmlFor="ticket-status" style={{ marginBottom: 12 }}>
        <StatusSelect
          id="ticket-status"
          value={ticket.status}
          disabled={updateTicket.isPending}
          onChange={(status) => void change({ status }, `Status changed to ${STATUS_LABELS[status]}`)}
        />
      </Form.Item>
      <Form.Item label="Priority" htmlFor="ticket-priority" style={{ marginBottom: 0 }}>
        <PrioritySelect
          id="ticket-priority"
          value={ticket.priority}
          disabled={updateTicket.isPending}
          onChange={(priority) => void change({ priority }, `Priority changed to ${PRIORITY_LABELS[priority]}`)}
        />
      </Form.Item>
    </Form>
  );
}
