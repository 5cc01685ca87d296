import { Alert, App, Button, Card, Flex, Form } from "antd";
import { useState } from "react";
import { describeError } from "../../../api/problem";
import type { SlaPolicy } from "../../../api/types";
import { useSaveSlaPolicy } from "../hooks/useSlaPolicy";
import { placeServerError, toFormValues, toUpdate, type FieldPath, type SlaFormValues } from "../slaForm";
import { BusinessHoursEditor } from "./BusinessHoursEditor";
import { TargetsTable } from "./TargetsTable";

const cardTitle = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/**
 * The admin's editor of the whole policy: targets, business hours, Save (`PUT /api/sla/policies`).
 * The server's field errors go on their fields; after a save the page shows the server's answer
 * (`onSaved` remounts this form with it).
 */
export function SlaPolicyForm({ policy, onSaved }: { policy: SlaPolicy; onSaved: () => void }) {
  const [form] = Form.useForm<SlaFormValues>();
  const save = useSaveSlaPolicy();
  const { message } = App.useApp();
  const [formError, setFormError] = useState<string | null>(null);
  const [calendarError, setCalendarError] = useState<string | null>(null);

  const submit = async () => {
    setFormError(null);
    setCalendarError(null);
    // Every value the form holds, also those of hidden parts (a closed day's hours, a switched-off calendar).
    const values = form.getFieldsValue(true) as SlaFormValues;
    try {
      await save.mutateAsync(toUpdate(values));
      void message.success("SLA policy saved");
      onSaved();
    } catch (error) {
      const { message: text, fieldErrors } = describeError(error);
      const byField = new Map<string, { name: FieldPath; errors: string[] }>();
      const calendar: string[] = [];
      const rest: string[] = [];
      for (const fieldError of fieldErrors) {
        for (const placement of placeServerError(fieldError.field, fieldError.message)) {
          if ("name" in placement) {
            const key = placement.name.join(".");
            const entry = byField.get(key) ?? { name: placement.name, errors: [] };
            entry.errors.push(placement.message);
            byField.set(key, entry);
          } else if (placement.area === "calendar") calendar.push(placement.message);
          else rest.push(placement.message);
        }
      }
      form.setFields([...byField.values()].map(({ name, errors }) => ({ name: name as never, errors })));
      if (calendar.length) setCalendarError(calendar.join("; "));
      if (fieldErrors.length === 0 || rest.length) setFormError([text, ...rest].join(" "));
      else if (byField.size || calendar.length) setFormError("The policy was not saved: see the highlighted fields.");
    }
  };

  return (
    <Form<SlaFormValues> form={form} name="sla-policy" layout="vertical" initialValues={toFormValues(policy)} onFinish={submit} scrollToFirstError>
      {formError ? <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} role="alert" /> : null}
      <Flex vertical gap="middle">
        <Card size="small" title={cardTitle("Targets")}>
          <TargetsTable policy={policy} editable />
        </Card>
        <Card size="small" title={cardTitle("Business hours")}>
          <BusinessHoursEditor error={calendarError} />
        </Card>
        <Flex gap="small">
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            Save
          </Button>
          <Button
            htmlType="button"
            onClick={() => {
              form.resetFields();
              setFormError(null);
              setCalendarError(null);
            }}
            disabled={save.isPending}
          >
            Discard changes
          </Button>
        </Flex>
      </Flex>
    </Form>
  );
}
