import { App, Button, Flex, Form, Input, Popconfirm, Table, Typography } from "antd";
import { useState } from "react";
import type { KbDocumentSummary } from "../../../api/types";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { formatShortDateTime, pluralise } from "../../../shared/format";
import { useDeleteDocument, useDeleteIds, useDocuments } from "../hooks/useKnowledge";
import { DocumentDrawer } from "./DocumentDrawer";

/** The knowledge base's documents, paginated on the server (admins). */
export function DocumentList() {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const [openId, setOpenId] = useState<string | null>(null);
  const [idsText, setIdsText] = useState("");
  const documents = useDocuments(page, pageSize, { enabled: true });
  const deleteDocument = useDeleteDocument();
  const deleteIds = useDeleteIds();
  const { message } = App.useApp();

  const deleteTyped = async () => {
    const ids = idsText.split(/[\s,]+/).filter(Boolean);
    if (ids.length === 0) return;
    try {
      const deleted = await deleteIds.mutateAsync(ids);
      setIdsText("");
      void message.success(`${deleted} of ${pluralise(ids.length, "id")} deleted`);
    } catch {
      // shown below
    }
  };

  return (
    <Flex vertical gap="middle">
      {documents.error ? <ErrorAlert error={documents.error} title="Could not load the documents" onRetry={() => void documents.refetch()} /> : null}
      {deleteDocument.error ? <ErrorAlert error={deleteDocument.error} title="The document was not deleted" /> : null}
      <Table<KbDocumentSummary>
        rowKey="id"
        size="small"
        aria-label="Documents"
        loading={documents.isFetching}
        dataSource={documents.data?.items ?? []}
        locale={{ emptyText: "No documents yet" }}
        scroll={{ x: 640 }}
        columns={[
          {
            title: "Title",
            key: "title",
            ellipsis: true,
            render: (_, document) => (
              <Button type="link" style={{ padding: 0, height: "auto" }} onClick={() => setOpenId(document.id)}>
                {document.title}
              </Button>
            ),
          },
          { title: "Id", dataIndex: "id", key: "id", width: 170, ellipsis: true, render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          { title: "Source", dataIndex: "source", key: "source", width: 140, ellipsis: true, render: (source: string | null) => source ?? "—" },
          { title: "Chunks", dataIndex: "chunk_count", key: "chunks", width: 75 },
          { title: "Updated", dataIndex: "updated_at", key: "updated", width: 130, render: (iso: string) => formatShortDateTime(iso) },
          {
            title: "",
            key: "actions",
            width: 80,
            render: (_, document) => (
              <Popconfirm
                title={`Delete "${document.title}"?`}
                description={`The document and its ${pluralise(document.chunk_count, "chunk")} are removed.`}
                okText="Delete"
                okButtonProps={{ danger: true }}
                onConfirm={async () => {
                  await deleteDocument.mutateAsync(document.id);
                  void message.success(`Document ${document.id} deleted`);
                }}
              >
                <Button size="small" danger aria-label={`Delete ${document.title}`}>
                  Delete
                </Button>
              </Popconfirm>
            ),
          },
        ]}
        pagination={{
          current: page,
          pageSize,
          total: documents.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: ["10", "20", "50", "100"],
          showTotal: (count) => pluralise(count, "document"),
          onChange: (nextPage, nextSize) => {
            setPage(nextSize !== pageSize ? 1 : nextPage);
            setPageSize(nextSize);
          },
        }}
      />
      <Form layout="vertical" onSubmitCapture={(event) => event.preventDefault()}>
        <Form.Item label="Delete by id" htmlFor="kb-delete-ids" extra="Chunk ids (single chunks) or document ids (whole documents), separated by spaces, commas or lines." style={{ marginBottom: 8 }}>
          <Input.TextArea id="kb-delete-ids" value={idsText} onChange={(event) => setIdsText(event.target.value)} autoSize={{ minRows: 1, maxRows: 5 }} />
        </Form.Item>
        <Button danger onClick={() => void deleteTyped()} disabled={!idsText.trim()} loading={deleteIds.isPending}>
          Delete ids
        </Button>
        {deleteIds.error ? (
          <div style={{ marginTop: 8 }}>
            <ErrorAlert error={deleteIds.error} title="Nothing was deleted" />
          </div>
        ) : null}
      </Form>
      <DocumentDrawer documentId={openId} onClose={() => setOpenId(null)} />
    </Flex>
  );
}
