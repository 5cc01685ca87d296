import { App } from "antd";
import { describeError } from "../../../api/problem";
import type { Reply } from "../../../api/types";
import { useDeleteReply } from "./useTicketMutations";

/** Asks before removing a reply or note from the conversation (staff; the activity log keeps it). */
export function useConfirmReplyDeletion(ticketId: number) {
  const { modal, message } = App.useApp();
  const deleteReply = useDeleteReply(ticketId);

  return (reply: Reply) => {
    const kind = reply.internal ? "internal note" : "reply";
    modal.confirm({
      title: `Delete this ${kind}?`,
      content: `It disappears from the conversation${reply.internal ? "" : ", for the requester too"}. The ticket's activity keeps who deleted it and what it said.`,
      okText: "Delete",
      okButtonProps: { danger: true },
      cancelText: "Cancel",
      autoFocusButton: "cancel",
      onOk: async () => {
        try {
          await deleteReply.mutateAsync(reply.id);
          void message.success(reply.internal ? "Internal note deleted" : "Reply deleted");
        } catch (error) {
          void message.error(describeError(error).message, 6);
        }
      },
    });
  };
}
