import { Alert, Form, Input, Modal } from "antd";
import { useState } from "react";
import { applyServerErrors } from "../../../shared/formErrors";
import { useRejectDraft } from "../hooks/useTicketAi";

interface RejectDraftModalProps {
  ticketId: number;
  draftId: number | null;
  onClose: () => void;
  onRejected: () => void;
}

const MAX_REASON_LENGTH = 1000;

/** Asks why the draft is no good (1..1000 characters; it feeds the AI's figures) and rejects it. */
export function RejectDraftModal({ ticketId, draftId, onClose, onRejected }: RejectDraftModalProps) {
  const [form] = Form.useForm<{ reason: string }>();
  const reject = useRejectDraft(ticketId);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async ({ reason }: { reason: string }) => {
    if (draftId === null) return;
    setFormError(null);
    try {
      await reject.mutateAsync({ draftId, reason: reason.trim() });
      form.resetFields();
      onRejected();
    } catch (error) {
      setFormError(applyServerErrors(form, error, ["reason"]));
    }
  };

  return (
    <Modal
      title={`Reject draft #${draftId ?? ""}`}
      open={draftId !== null}
      okText="Reject draft"
      okButtonProps={{ danger: true, loading: reject.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="reject-draft" onFinish={submit} preserve={false}>
        {formError ? <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} /> : null}
        <Form.Item
          label="Reason"
          name="reason"
          extra="What was wrong with it? The reason is kept with the draft."
          rules={[
            { required: true, whitespace: true, message: "Say why the draft is rejected" },
            { max: MAX_REASON_LENGTH, message: `At most ${MAX_REASON_LENGTH} characters` },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} showCount maxLength={MAX_REASON_LENGTH} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
