import { RobotOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input, Switch, type GetRef } from "antd";
import { useEffect, useRef, useState } from "react";
import { applyServerErrors } from "../../../shared/formErrors";
import { useAcceptDraft } from "../../ai/hooks/useTicketAi";
import { useCreateReply } from "../hooks/useTicketMutations";

interface ReplyFormValues {
  content: string;
  internal: boolean;
}

const REPLY_FIELDS = ["content", "internal"] as const;

/** An AI draft put into the reply box; `insertion` changes on every insert, so inserting again starts over. */
export interface InsertedDraft {
  id: number;
  text: string;
  insertion: number;
}

interface ReplyFormProps {
  ticketId: number;
  /** Staff may write internal notes; customers only reply. */
  allowInternalNotes: boolean;
  onSent: (internal: boolean) => void;
  /**
   * The AI draft the agent inserted (staff). While it is attached, sending goes through the
   * draft's accept with the text as edited, so the reply is recorded as AI-assisted (and as
   * "edited", with how much changed, when the text differs from the draft).
   */
  draft?: InsertedDraft | null;
  /** The draft was sent or the agent chose to write without it. */
  onDraftDetached?: () => void;
}

/** Writes a reply as the signed-in account, or (staff) an internal note. Ctrl+Enter sends. */
export function ReplyForm({ ticketId, allowInternalNotes, onSent, draft = null, onDraftDetached }: ReplyFormProps) {
  const [form] = Form.useForm<ReplyFormValues>();
  const createReply = useCreateReply(ticketId);
  const acceptDraft = useAcceptDraft(ticketId);
  const [formError, setFormError] = useState<string | null>(null);
  const internal = (Form.useWatch("internal", form) ?? false) && allowInternalNotes;
  const textArea = useRef<GetRef<typeof Input.TextArea>>(null);

  useEffect(() => {
    if (!draft) return;
    form.setFieldsValue({ content: draft.text });
    form.setFields([{ name: "content", errors: [] }]);
    const element = textArea.current?.resizableTextArea?.textArea;
    element?.scrollIntoView?.({ block: "center" });
    textArea.current?.focus({ cursor: "end" });
  }, [draft, form]);

  const submit = async (values: ReplyFormValues) => {
    setFormError(null);
    const asNote = allowInternalNotes && values.internal;
    const content = values.content.trim();
    try {
      if (draft) {
        await acceptDraft.mutateAsync({ draftId: draft.id, text: content, internal: asNote });
        onDraftDetached?.();
      } else {
        await createReply.mutateAsync({ content, internal: asNote });
      }
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
      {draft ? (
        <Alert
          type="info"
          showIcon
          icon={<RobotOutlined aria-hidden />}
          style={{ marginBottom: 16 }}
          message={`Written from AI draft #${draft.id}`}
          description="Edit it as you like: it is sent as an AI-assisted reply, and the draft is recorded as accepted or edited."
          action={
            <Button size="small" onClick={onDraftDetached}>
              Write without the draft
            </Button>
          }
        />
      ) : null}
      {allowInternalNotes ? (
        <Form.Item label="Internal note" name="internal" valuePropName="checked" extra="Only staff (agents and admins) see internal notes">
          <Switch checkedChildren="Internal" unCheckedChildren="Public" />
        </Form.Item>
      ) : null}
      <Form.Item label="Message" name="content" rules={[{ required: true, whitespace: true, message: "Write a message" }]}>
        <Input.TextArea
          ref={textArea}
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
      <Button type="primary" htmlType="submit" loading={createReply.isPending || acceptDraft.isPending}>
        {internal ? "Add internal note" : "Send reply"}
      </Button>
    </Form>
  );
}
