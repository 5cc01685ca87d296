import { App, Button, Checkbox, Descriptions, Drawer, Flex, List, Popconfirm, Skeleton, Tag, Typography } from "antd";
import { useState } from "react";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { formatDateTime, pluralise } from "../../../shared/format";
import { useDeleteDocument, useDeleteIds, useDocument } from "../hooks/useKnowledge";

interface DocumentDrawerProps {
  documentId: string | null;
  onClose: () => void;
}

/** One document: its text and chunks; delete the whole document or chosen chunks (admins). */
export function DocumentDrawer({ documentId, onClose }: DocumentDrawerProps) {
  const document = useDocument(documentId);
  const deleteDocument = useDeleteDocument();
  const deleteIds = useDeleteIds();
  const [selected, setSelected] = useState<string[]>([]);
  const { message } = App.useApp();
  const data = document.data;

  const close = () => {
    setSelected([]);
    onClose();
  };

  return (
    <Drawer open={documentId !== null} onClose={close} width={720} title={data ? data.title : "Document"} destroyOnClose>
      {document.isPending ? <Skeleton active /> : null}
      {document.error ? <ErrorAlert error={document.error} title="Could not load the document" onRetry={() => void document.refetch()} /> : null}
      {data ? (
        <Flex vertical gap="middle">
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: "id", label: "Id", children: <Typography.Text code copyable>{data.id}</Typography.Text> },
              { key: "source", label: "Source", children: data.source ?? "—" },
              { key: "updated", label: "Updated", children: formatDateTime(data.updated_at) },
              {
                key: "metadata",
                label: "Metadata",
                children: Object.keys(data.metadata).length
                  ? Object.entries(data.metadata).map(([key, value]) => <Tag key={key}>{`${key}: ${String(value)}`}</Tag>)
                  : "—",
              },
            ]}
          />
          <Flex gap="small" wrap="wrap">
            <Popconfirm
              title="Delete this document?"
              description={`${data.title} and its ${pluralise(data.chunk_count, "chunk")} are removed.`}
              okText="Delete"
              okButtonProps={{ danger: true }}
              onConfirm={async () => {
                await deleteDocument.mutateAsync(data.id);
                void message.success(`Document ${data.id} deleted`);
                close();
              }}
            >
              <Button danger loading={deleteDocument.isPending}>
                Delete document
              </Button>
            </Popconfirm>
            <Button
              danger
              disabled={selected.length === 0}
              loading={deleteIds.isPending}
              onClick={async () => {
                const deleted = await deleteIds.mutateAsync(selected);
                setSelected([]);
                void message.success(`${pluralise(deleted, "chunk")} deleted`);
              }}
            >
              Delete {selected.length ? pluralise(selected.length, "chosen chunk") : "chosen chunks"}
            </Button>
          </Flex>
          {deleteDocument.error ? <ErrorAlert error={deleteDocument.error} title="The document was not deleted" /> : null}
          {deleteIds.error ? <ErrorAlert error={deleteIds.error} title="The chunks were not deleted" /> : null}
          <List
            aria-label="Chunks"
            header={<Typography.Text strong>{pluralise((data.chunks ?? []).length, "chunk")}</Typography.Text>}
            dataSource={data.chunks ?? []}
            renderItem={(chunk) => (
              <List.Item key={chunk.id}>
                <Flex vertical gap={4} style={{ width: "100%" }}>
                  <Checkbox
                    checked={selected.includes(chunk.id)}
                    onChange={(event) => setSelected((ids) => (event.target.checked ? [...ids, chunk.id] : ids.filter((id) => id !== chunk.id)))}
                  >
                    <Typography.Text code>{chunk.id}</Typography.Text>
                  </Checkbox>
                  {chunk.section ? <Typography.Text type="secondary">{chunk.section}</Typography.Text> : null}
                  <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }} ellipsis={{ rows: 4, expandable: true, symbol: "more" }}>
                    {chunk.content}
                  </Typography.Paragraph>
                </Flex>
              </List.Item>
            )}
          />
        </Flex>
      ) : null}
    </Drawer>
  );
}
