import { Alert, App, Button, Card, Flex, Form } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import type { TicketCreate } from "../../../api/types";
import { applyServerErrors } from "../../../shared/formErrors";
import { PageHeader } from "../../../shared/PageHeader";
import { usePermissions } from "../../auth/currentAccount";
import { ArticleSuggestions } from "../../knowledge/components/ArticleSuggestions";
import { TICKET_FORM_FIELDS, TicketFormFields, type TicketFormValues } from "../components/TicketFormFields";
import { useCreateTicket } from "../hooks/useTicketMutations";
import { normaliseTags } from "../ticketPresentation";

const initialValues: Partial<TicketFormValues> = { status: "open", priority: "medium", tags: [] };

export function NewTicketPage() {
  const [form] = Form.useForm<TicketFormValues>();
  const createTicket = useCreateTicket();
  const [formError, setFormError] = useState<string | null>(null);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { chooseRequester, staff } = usePermissions();
  const title = Form.useWatch("title", form) ?? "";
  const content = Form.useWatch("content", form) ?? "";

  const submit = async (values: TicketFormValues) => {
    setFormError(null);
    const common = { title: values.title.trim(), content: values.content.trim(), priority: values.priority, tags: normaliseTags(values.tags) };
    // Customers file for themselves; the status and category are the support team's to set.
    const body: TicketCreate = chooseRequester
      ? { ...common, requester_id: values.requester_id as number, status: values.status, category: values.category?.trim() || null }
      : common;
    try {
      const ticket = await createTicket.mutateAsync(body);
      void message.success(`Ticket #${ticket.id} created`);
      navigate(`/tickets/${ticket.id}`);
    } catch (error) {
      setFormError(applyServerErrors(form, error, TICKET_FORM_FIELDS));
    }
  };

  return (
    <>
      <PageHeader title="New ticket" />
      <Card style={{ maxWidth: 880 }}>
        <Form<TicketFormValues>
          form={form}
          name="new-ticket"
          layout="vertical"
          initialValues={initialValues}
          onFinish={submit}
          scrollToFirstError
        >
          {formError ? <Alert type="error" showIcon message="The ticket was not created" description={formError} style={{ marginBottom: 16 }} /> : null}
          <TicketFormFields
            mode="create"
            customer={!chooseRequester}
            afterContent={<ArticleSuggestions text={`${title} ${content}`} showScores={staff} />}
          />
          <Flex gap="small">
            <Button type="primary" htmlType="submit" loading={createTicket.isPending}>
              Create ticket
            </Button>
            <Button onClick={() => navigate("/tickets")}>Cancel</Button>
          </Flex>
        </Form>
      </Card>
    </>
  );
}
