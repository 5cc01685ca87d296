import { Alert, Button, Form, Input, Switch } from "antd";
import { useState } from "react";
import { applyServerErrors } from "../../../shared/formErrors";
import { useCreateReply } from "../hooks/useTicketMutations";

interface ReplyFormValues {
  content: string;
  internal: boolean;
}

const REPLY_FIELDS = ["content", "internal"] as const;

interface ReplyFormProps {
  ticketId: number;
  /** Staff may write internal notes; customers only reply. */
  allowInternalNotes: boolean;
  onSent: (internal: boolean) => void;
}

/** Writes a reply as the signed-in account, or (staff) an internal note. Ctrl+Enter sends. */
export function ReplyForm({ ticketId, allowInternalNotes, onSent }: ReplyFormProps) {
  const [form] = Form.useForm<ReplyFormValues>();
  const createReply = useCreateReply(ticketId);
  const [formError, setFormError] = useState<string | null>(null);
  const internal = (Form.useWatch("internal", form) ?? false) && allowInternalNotes;

  const submit = async (values: ReplyFormValues) => {
    setFormError(null);
    const asNote = allowInternalNotes && values.internal;
    try {
      await createReply.mutateAsync({ content: values.content.trim(), internal: asNote });
      form.setFieldsValue({ content: "", internal: false });
      form.setFields([{ name: "content", errors: [], touched: false }]);
      onSent(asNote);
    } catch (error) {
      setFormError(applyServerErrors(form, error, REPLY_FIELDS));
    }
  };

  return (
    <Form<ReplyFormValues> form={form} name="reply" layout="vertical" onFinish={submit} initialValues={{ content: "", internal: false }}>
      {formError ? <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} /> : null}
      {allowInternalNotes ? (
        <Form.Item label="Internal note" name="internal" valuePropName="checked" extra="Only agents see internal notes">
          <Switch checkedChildren="Internal" unCheckedChildren="Public" />
        </Form.Item>
      ) : null}
      <Form.Item label="Message" name="content" rules={[{ required: true, whitespace: true, message: "Write a message" }]}>
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 12 }}
          placeholder={internal ? "A note for other agents" : allowInternalNotes ? "Your reply to the requester" : "Your reply to the support team"}
          style={internal ? { background: "#fffbe6" } : undefined}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              form.submit();
            }
          }}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={createReply.isPending}>
        {internal ? "Add internal note" : "Send reply"}
      </Button>
    </Form>
  );
}
