import { App } from "antd";
import { useNavigate } from "react-router-dom";
import { describeError } from "../../../api/problem";
import type { Reply, Ticket } from "../../../api/types";
import { pluralise } from "../../../shared/format";
import { useDeleteTicket } from "./useTicketMutations";

/** What deleting the ticket takes with it, in words. */
export function deletionSummary(ticket: Ticket, replies: readonly Reply[]): string {
  const notes = replies.filter((reply) => reply.internal).length;
  const noteText = notes > 0 ? ` (${pluralise(notes, "internal note")})` : "";
  return `This deletes ticket #${ticket.id} “${ticket.title}” and its ${pluralise(replies.length, "reply", "replies")}${noteText}. This cannot be undone.`;
}

/** Asks before deleting the ticket and its replies; afterwards goes back to the list. */
export function useConfirmTicketDeletion(ticket: Ticket | undefined, replies: readonly Reply[]) {
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const deleteTicket = useDeleteTicket(ticket);

  return () => {
    if (!ticket) return;
    modal.confirm({
      title: `Delete ticket #${ticket.id}?`,
      content: deletionSummary(ticket, replies),
      okText: "Delete",
      okButtonProps: { danger: true },
      cancelText: "Cancel",
      autoFocusButton: "cancel",
      onOk: async () => {
        try {
          await deleteTicket.mutateAsync();
          void message.success(`Ticket #${ticket.id} deleted`);
          navigate("/tickets");
        } catch (error) {
          void message.error(describeError(error).message, 6);
        }
      },
    });
  };
}
