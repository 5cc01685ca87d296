import { Alert, Form, Modal } from "antd";
import { useEffect, useState } from "react";
import { isApiError } from "../../../api/problem";
import type { Ticket } from "../../../api/types";
import { applyServerErrors } from "../../../shared/formErrors";
import { ImplicitSubmit } from "../../../shared/ImplicitSubmit";
import { STALE_TICKET_MESSAGE, useUpdateTicket } from "../hooks/useTicketMutations";
import { ticketChanges, ticketToFormValues } from "../ticketChanges";
import { TICKET_FORM_FIELDS, TicketFormFields, type TicketFormValues } from "./TicketFormFields";

interface EditTicketModalProps {
  ticket: Ticket;
  open: boolean;
  onClose: () => void;
  onSaved: (ticket: Ticket | null) => void;
}

/**
 * Edits a ticket with a partial update sent with If-Match. When someone else changed it
 * meanwhile (412), the modal says so and shows the ticket as it now is.
 */
export function EditTicketModal({ ticket, open, onClose, onSaved }: EditTicketModalProps) {
  const [form] = Form.useForm<TicketFormValues>();
  const updateTicket = useUpdateTicket(ticket);
  const [formError, setFormError] = useState<string | null>(null);
  const [staleWarning, setStaleWarning] = useState(false);

  // A newer version of the ticket (reloaded after a 412) replaces what the form shows.
  useEffect(() => {
    if (open) form.resetFields();
  }, [form, open, ticket.version]);

  const close = () => {
    setFormError(null);
    setStaleWarning(false);
    onClose();
  };

  const submit = async (values: TicketFormValues) => {
    setFormError(null);
    setStaleWarning(false);
    const changes = ticketChanges(ticket, values);
    if (Object.keys(changes).length === 0) {
      onSaved(null);
      return;
    }
    try {
      const saved = await updateTicket.mutateAsync(changes);
      onSaved(saved);
    } catch (error) {
      if (isApiError(error, 412)) {
        setStaleWarning(true);
      } else {
        setFormError(applyServerErrors(form, error, TICKET_FORM_FIELDS));
      }
    }
  };

  return (
    <Modal
      title={`Edit ticket #${ticket.id}`}
      open={open}
      width={760}
      okText="Save changes"
      onOk={() => form.submit()}
      confirmLoading={updateTicket.isPending}
      onCancel={close}
      destroyOnHidden
    >
      {staleWarning ? (
        <Alert type="warning" showIcon role="alert" message="This ticket was changed by someone else" description={STALE_TICKET_MESSAGE} style={{ marginBottom: 16 }} />
      ) : null}
      {formError ? <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} /> : null}
      <Form<TicketFormValues> form={form} name="edit-ticket" layout="vertical" initialValues={ticketToFormValues(ticket)} onFinish={submit}>
        <TicketFormFields mode="edit" />
        <ImplicitSubmit />
      </Form>
    </Modal>
  );
}
