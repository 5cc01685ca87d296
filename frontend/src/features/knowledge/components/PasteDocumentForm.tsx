import { Alert, Button, Form, Input } from "antd";
import { useState } from "react";
import { describeError } from "../../../api/problem";
import type { IngestResponse } from "../../../api/types";
import { useIngest } from "../hooks/useKnowledge";
import { ChunkingFields, DEFAULT_CHUNKING, type ChunkingValues } from "./ChunkingFields";
import { IngestResult } from "./IngestResult";

interface PasteValues extends ChunkingValues {
  title: string;
  text: string;
  id?: string;
}

const ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;
const FIELDS = ["title", "text", "id", "max_chars", "overlap"] as const;

/** `documents[0].text` → `text`: the server names fields inside the documents array. */
function fieldOf(name: string): string {
  return name.replace(/^(body\.|data\.)?(documents\[\d+\]\.)?/, "");
}

/** A document typed or pasted in (title + text), with the chunking options (admins). */
export function PasteDocumentForm() {
  const [form] = Form.useForm<PasteValues>();
  const ingest = useIngest();
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<IngestResponse | null>(null);

  const submit = async (values: PasteValues) => {
    setError(null);
    setResult(null);
    try {
      const response = await ingest.mutateAsync({
        chunk: values.chunk,
        ...(values.chunk ? { max_chars: values.max_chars, overlap: values.overlap } : {}),
        documents: [{ title: values.title.trim(), text: values.text, ...(values.id?.trim() ? { id: values.id.trim() } : {}) }],
      });
      setResult(response);
      form.resetFields(["title", "text", "id"]);
    } catch (caught) {
      const { message, fieldErrors } = describeError(caught);
      const known = fieldErrors.filter((fieldError) => (FIELDS as readonly string[]).includes(fieldOf(fieldError.field)));
      form.setFields(known.map((fieldError) => ({ name: fieldOf(fieldError.field) as keyof PasteValues, errors: [fieldError.message] })));
      if (known.length === 0 || known.length < fieldErrors.length) setError(message);
    }
  };

  return (
    <Form<PasteValues> form={form} name="kb-paste" layout="vertical" initialValues={DEFAULT_CHUNKING} onFinish={submit}>
      {error ? <Alert type="error" showIcon message="The document was not added" description={error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item
        label="Title"
        name="title"
        rules={[
          { required: true, whitespace: true, message: "Title is required" },
          { max: 300, message: "Title must be at most 300 characters" },
        ]}
      >
        <Input placeholder="e.g. Resetting your password" autoComplete="off" />
      </Form.Item>
      <Form.Item label="Text" name="text" rules={[{ required: true, whitespace: true, message: "Text is required" }]} extra="Plain text or Markdown; # headings start sections.">
        <Input.TextArea autoSize={{ minRows: 5, maxRows: 16 }} placeholder="The article" />
      </Form.Item>
      <Form.Item
        label="Document id"
        name="id"
        extra="Optional: the same id replaces that document. Letters, digits, . _ - (at most 128)."
        rules={[{ pattern: ID_PATTERN, message: "Use 1 to 128 letters, digits, dots, underscores or hyphens" }]}
      >
        <Input placeholder="generated when empty" autoComplete="off" />
      </Form.Item>
      <ChunkingFields />
      <Button type="primary" htmlType="submit" loading={ingest.isPending}>
        Add document
      </Button>
      {result ? (
        <div style={{ marginTop: 16 }}>
          <IngestResult result={result} />
        </div>
      ) : null}
    </Form>
  );
}
