import { Card, Col, Row, Typography } from "antd";
import { PageHeader } from "../../../shared/PageHeader";
import { CategoryDescriptionsForm } from "../components/settings/CategoryDescriptionsForm";
import { ClassifierCard } from "../components/settings/ClassifierCard";
import { ProviderCard } from "../components/settings/ProviderCard";

const cardTitle = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/** Admins: the triage classifier (train, metrics), the category descriptions and the language model in use. */
export function AiSettingsPage() {
  return (
    <>
      <PageHeader title="AI settings" subtitle="Triage classifier, category descriptions and the language model" />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={cardTitle("Classifier")}>
            <ClassifierCard />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={cardTitle("Language model")}>
            <ProviderCard />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={cardTitle("Category descriptions")}>
            <Typography.Paragraph type="secondary">
              While there are no labelled tickets to learn from, the AI picks the category whose description is most like the ticket.
            </Typography.Paragraph>
            <CategoryDescriptionsForm />
          </Card>
        </Col>
      </Row>
    </>
  );
}
