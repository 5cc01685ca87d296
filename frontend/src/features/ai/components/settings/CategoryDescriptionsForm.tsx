import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Flex, Form, Input, Skeleton, Typography } from "antd";
import { useState } from "react";
import { describeError } from "../../../../api/problem";
import type { CategoryDescription } from "../../../../api/types";
import { ErrorAlert } from "../../../../shared/ErrorAlert";
import { useCategories, useSaveCategories } from "../../hooks/useAiSettings";

interface FormValues {
  items: CategoryDescription[];
}

const MAX_NAME = 100;
const MAX_DESCRIPTION = 2000;
const MAX_ITEMS = 200;

/** "items[3].name", "items.3.name" (as the server may name a field) to the form's path. */
export function categoryFieldPath(field: string): ["items", number, keyof CategoryDescription] | null {
  const match = /^items(?:\[(\d+)\]|\.(\d+))\.(name|description)$/.exec(field);
  return match ? ["items", Number(match[1] ?? match[2]), match[3] as keyof CategoryDescription] : null;
}

function DescriptionsEditor({ initial }: { initial: CategoryDescription[] }) {
  const [form] = Form.useForm<FormValues>();
  const save = useSaveCategories();
  const { message } = App.useApp();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async ({ items }: FormValues) => {
    setFormError(null);
    const cleaned = (items ?? []).map((item) => ({ name: item.name.trim(), description: item.description.trim() }));
    try {
      const saved = await save.mutateAsync(cleaned);
      form.setFieldsValue({ items: saved });
      void message.success(`${saved.length} category descriptions saved`);
    } catch (error) {
      const { message: text, fieldErrors } = describeError(error);
      const placed = fieldErrors.flatMap((fieldError) => {
        const path = categoryFieldPath(fieldError.field);
        return path ? [{ name: path, errors: [fieldError.message] }] : [];
      });
      form.setFields(placed);
      if (placed.length < fieldErrors.length || placed.length === 0) setFormError(text);
    }
  };

  return (
    <Form<FormValues> form={form} name="categories" layout="vertical" initialValues={{ items: initial }} onFinish={submit}>
      {formError ? <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} /> : null}
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.length === 0 ? <Typography.Paragraph type="secondary">No categories described yet.</Typography.Paragraph> : null}
            {fields.map((field, index) => (
              <Flex key={field.key} gap="small" align="flex-start" role="group" aria-label={`Category ${index + 1}`}>
                <Form.Item
                  name={[field.name, "name"]}
                  label={index === 0 ? "Name" : undefined}
                  aria-label="Name"
                  style={{ width: 200, marginBottom: 12 }}
                  rules={[
                    { required: true, whitespace: true, message: "Name the category" },
                    { max: MAX_NAME, message: `At most ${MAX_NAME} characters` },
                    ({ getFieldValue }) => ({
                      validator: (_, value: string | undefined) => {
                        const names = ((getFieldValue("items") as CategoryDescription[] | undefined) ?? []).map((item) => item?.name?.trim());
                        const name = value?.trim();
                        return name && names.filter((other) => other === name).length > 1 ? Promise.reject(new Error("Used twice")) : Promise.resolve();
                      },
                    }),
                  ]}
                >
                  <Input placeholder="billing" aria-label={`Name of category ${index + 1}`} />
                </Form.Item>
                <Form.Item
                  name={[field.name, "description"]}
                  label={index === 0 ? "Description" : undefined}
                  style={{ flex: 1, marginBottom: 12 }}
                  rules={[
                    { required: true, whitespace: true, message: "Describe what belongs here" },
                    { max: MAX_DESCRIPTION, message: `At most ${MAX_DESCRIPTION} characters` },
                  ]}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    placeholder="Invoices, refunds, payment methods and charges"
                    aria-label={`Description of category ${index + 1}`}
                  />
                </Form.Item>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined aria-hidden />}
                  aria-label={`Remove category ${index + 1}`}
                  onClick={() => remove(field.name)}
                  style={{ marginTop: index === 0 ? 30 : 0 }}
                />
              </Flex>
            ))}
            <Flex gap="small">
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ name: "", description: "" })} disabled={fields.length >= MAX_ITEMS}>
                Add category
              </Button>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                Save descriptions
              </Button>
            </Flex>
          </>
        )}
      </Form.List>
    </Form>
  );
}

/**
 * The admin's category descriptions (`GET`/`PUT /api/ai/categories`): until there are labelled
 * tickets, the AI picks the category whose description is most like the ticket.
 */
export function CategoryDescriptionsForm() {
  const categories = useCategories();
  if (categories.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (categories.error) return <ErrorAlert error={categories.error} title="Could not load the categories" onRetry={() => void categories.refetch()} />;
  return <DescriptionsEditor initial={categories.data} />;
}
