import { Card, Col, Row, Tabs } from "antd";
import { PageHeader } from "../../../shared/PageHeader";
import { usePermissions } from "../../auth/currentAccount";
import { DocumentList } from "../components/DocumentList";
import { KnowledgeSearch } from "../components/KnowledgeSearch";
import { PasteDocumentForm } from "../components/PasteDocumentForm";
import { UploadDocumentsForm } from "../components/UploadDocumentsForm";

const cardTitle = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/** Agents search the knowledge base; admins also add, open and delete documents. */
export function KnowledgeBasePage() {
  const { manageKnowledge } = usePermissions();
  return (
    <>
      <PageHeader title="Knowledge base" subtitle={manageKnowledge ? "Search, add and remove help articles" : "Search help articles"} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={manageKnowledge ? 12 : 24}>
          <Card size="small" title={cardTitle("Search")}>
            <KnowledgeSearch />
          </Card>
        </Col>
        {manageKnowledge ? (
          <Col xs={24} xl={12}>
            <Card size="small" title={cardTitle("Add documents")}>
              <Tabs
                items={[
                  { key: "paste", label: "Paste text", children: <PasteDocumentForm /> },
                  { key: "upload", label: "Upload files", children: <UploadDocumentsForm /> },
                ]}
              />
            </Card>
          </Col>
        ) : null}
        {manageKnowledge ? (
          <Col span={24}>
            <Card size="small" title={cardTitle("Documents")}>
              <DocumentList />
            </Card>
          </Col>
        ) : null}
      </Row>
    </>
  );
}
