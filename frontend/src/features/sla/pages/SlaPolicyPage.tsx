import { Card, Col, Flex, Row, Skeleton, Tag } from "antd";
import { useState } from "react";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { PageHeader } from "../../../shared/PageHeader";
import { usePermissions } from "../../auth/currentAccount";
import { AtRiskWindow } from "../components/AtRiskWindow";
import { BusinessHoursSummary } from "../components/BusinessHoursEditor";
import { SlaPolicyForm } from "../components/SlaPolicyForm";
import { TargetsTable } from "../components/TargetsTable";
import { useSlaPolicy } from "../hooks/useSlaPolicy";

const cardTitle = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/**
 * The SLA policy (`GET /api/sla/policies`): targets per priority, the business-hours calendar and
 * the server's at-risk window. Admins edit and save it; agents read it.
 */
export function SlaPolicyPage() {
  const permissions = usePermissions();
  const policy = useSlaPolicy();
  // Bumped after a save: the form starts again from the server's answer.
  const [revision, setRevision] = useState(0);

  let body;
  if (policy.isPending) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (policy.error) body = <ErrorAlert error={policy.error} title="Could not load the SLA policy" onRetry={() => void policy.refetch()} />;
  else
    body = (
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={17}>
          {permissions.manageSla ? (
            <SlaPolicyForm key={revision} policy={policy.data} onSaved={() => setRevision((current) => current + 1)} />
          ) : (
            <Flex vertical gap="middle">
              <Card size="small" title={cardTitle("Targets")}>
                <TargetsTable policy={policy.data} editable={false} />
              </Card>
              <Card size="small" title={cardTitle("Business hours")}>
                <BusinessHoursSummary policy={policy.data} />
              </Card>
            </Flex>
          )}
        </Col>
        <Col xs={24} xl={7}>
          <Card size="small" title={cardTitle("At risk")}>
            <AtRiskWindow minutes={policy.data.at_risk_minutes} />
          </Card>
        </Col>
      </Row>
    );

  return (
    <>
      <PageHeader
        title="SLA policy"
        subtitle="How soon tickets of each priority must be answered and resolved, and the business hours targets may count in"
        extra={permissions.manageSla ? undefined : <Tag>Read-only: admins change the policy</Tag>}
      />
      {body}
    </>
  );
}
