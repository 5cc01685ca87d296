import { Card, Empty, Flex, Form, Input, InputNumber, List, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { useSearch } from "../hooks/useKnowledge";

const DEFAULT_TOP_K = 5;

/** Searches the knowledge base (agents and admins): the best chunks with their score. */
export function KnowledgeSearch() {
  const search = useSearch();
  const [query, setQuery] = useState("");
  const [topK, setTopK] = useState<number>(DEFAULT_TOP_K);

  const run = (value: string) => {
    const trimmed = value.trim();
    if (trimmed) search.mutate({ query: trimmed, topK });
  };

  return (
    <Flex vertical gap="middle">
      <Form layout="inline" onSubmitCapture={(event) => event.preventDefault()} style={{ rowGap: 8 }}>
        <Form.Item label="Search" htmlFor="kb-search" style={{ flex: 1, minWidth: 260 }}>
          <Input.Search
            id="kb-search"
            placeholder="What is the customer asking?"
            enterButton="Search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onSearch={run}
            loading={search.isPending}
            allowClear
          />
        </Form.Item>
        <Form.Item label="Top k" htmlFor="kb-top-k">
          <InputNumber id="kb-top-k" min={1} max={50} value={topK} onChange={(value) => setTopK(value ?? DEFAULT_TOP_K)} style={{ width: 80 }} />
        </Form.Item>
      </Form>
      {search.error ? <ErrorAlert error={search.error} title="The search failed" /> : null}
      {search.data ? (
        search.data.matches.length === 0 ? (
          <Empty description={`Nothing found for "${search.data.query}"`} />
        ) : (
          <section aria-label="Search results">
          <List
            dataSource={search.data.matches}
            renderItem={(match, index) => (
              <List.Item key={match.id}>
                <Card size="small" style={{ width: "100%" }} title={<span>{index + 1}. {match.title}</span>} extra={<Tag color="blue">score {match.score.toFixed(3)}</Tag>}>
                  <Space direction="vertical" size={4} style={{ width: "100%" }}>
                    {match.section ? <Typography.Text type="secondary">{match.section}</Typography.Text> : null}
                    <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }} ellipsis={{ rows: 6, expandable: true, symbol: "more" }}>
                      {match.content}
                    </Typography.Paragraph>
                    <Space size={[4, 4]} wrap>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        document <Typography.Text code>{match.document_id}</Typography.Text> chunk <Typography.Text code>{match.id}</Typography.Text>
                      </Typography.Text>
                      {Object.entries(match.metadata).map(([key, value]) => (
                        <Tag key={key}>
                          {key}: {String(value)}
                        </Tag>
                      ))}
                    </Space>
                  </Space>
                </Card>
              </List.Item>
            )}
          />
          </section>
        )
      ) : null}
    </Flex>
  );
}
