import { Alert, Button, Col, Form, Input, Row, Switch } from "antd";
import { useState } from "react";
import { applyServerErrors } from "../../../shared/formErrors";
import { UserSelect } from "../../users/components/UserSelect";
import { useCreateReply } from "../hooks/useTicketMutations";

interface ReplyFormValues {
  author_id?: number;
  content: string;
  internal: boolean;
}

const REPLY_FIELDS = ["author_id", "content", "internal"] as const;

interface ReplyFormProps {
  ticketId: number;
  defaultAuthorId?: number | null;
  onSent: (internal: boolean) => void;
}

/** Writes a reply, or an internal note for agents only. Ctrl+Enter sends. */
export function ReplyForm({ ticketId, defaultAuthorId, onSent }: ReplyFormProps) {
  const [form] = Form.useForm<ReplyFormValues>();
  const createReply = useCreateReply(ticketId);
  const [formError, setFormError] = useState<string | null>(null);
  const internal = Form.useWatch("internal", form) ?? false;

  const submit = async (values: ReplyFormValues) => {
    setFormError(null);
    try {
      await createReply.mutateAsync({ author_id: values.author_id as number, content: values.content.trim(), internal: values.internal });
      form.setFieldsValue({ content: "", internal: false });
      form.setFields([{ name: "content", errors: [], touched: false }]);
      onSent(values.internal);
    } catch (error) {
      setFormError(applyServerErrors(form, error, REPLY_FIELDS));
    }
  };

  return (
    <Form<ReplyFormValues>
      form={form}
      name="reply"
      layout="vertical"
      onFinish={submit}
      initialValues={{ author_id: defaultAuthorId ?? undefined, content: "", internal: false }}
     
    >
      {formError ? <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={16} align="bottom">
        <Col xs={24} md={14}>
          <Form.Item label="Author" name="author_id" rules={[{ required: true, message: "Choose who writes this" }]}>
            <UserSelect />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item label="Internal note" name="internal" valuePropName="checked" extra="Only agents see internal notes">
            <Switch checkedChildren="Internal" unCheckedChildren="Public" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label="Message" name="content" rules={[{ required: true, whitespace: true, message: "Write a message" }]}>
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 12 }}
          placeholder={internal ? "A note for other agents" : "Your reply to the requester"}
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
