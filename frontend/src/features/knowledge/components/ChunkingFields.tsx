import { Col, Form, InputNumber, Row, Switch } from "antd";

/** Chunking options of a pasted document (the server's defaults: on, 1,000 characters, 150 overlap). */
export interface ChunkingValues {
  chunk: boolean;
  max_chars: number;
  overlap: number;
}

export const MIN_CHUNK_CHARS = 200;
export const MAX_CHUNK_CHARS = 8000;
export const DEFAULT_CHUNKING: ChunkingValues = { chunk: true, max_chars: 1000, overlap: 150 };

export function ChunkingFields() {
  const chunk = Form.useWatch<boolean | undefined>("chunk") ?? true;
  return (
    <Row gutter={16} align="bottom">
      <Col xs={24} sm={8}>
        <Form.Item label="Cut into chunks" name="chunk" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8}>
        <Form.Item
          label="Max characters"
          name="max_chars"
          rules={[{ required: chunk, type: "number", min: MIN_CHUNK_CHARS, max: MAX_CHUNK_CHARS, message: `Between ${MIN_CHUNK_CHARS} and ${MAX_CHUNK_CHARS}` }]}
        >
          <InputNumber min={MIN_CHUNK_CHARS} max={MAX_CHUNK_CHARS} step={100} disabled={!chunk} style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={12} sm={8}>
        <Form.Item
          label="Overlap"
          name="overlap"
          dependencies={["max_chars"]}
          rules={[
            ({ getFieldValue }) => ({
              validator(_rule, value: number | null | undefined) {
                if (!chunk) return Promise.resolve();
                const maxChars = Number(getFieldValue("max_chars") ?? DEFAULT_CHUNKING.max_chars);
                const limit = Math.floor(maxChars / 2);
                if (value === null || value === undefined) return Promise.reject(new Error("Overlap is required"));
                if (value < 0 || value > limit) return Promise.reject(new Error(`Between 0 and half of max characters (${limit})`));
                return Promise.resolve();
              },
            }),
          ]}
        >
          <InputNumber min={0} step={50} disabled={!chunk} style={{ width: "100%" }} />
        </Form.Item>
      </Col>
    </Row>
  );
}
