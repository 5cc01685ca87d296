import { Descriptions, Typography } from "antd";
import { formatTarget } from "../slaForm";

/** The server's at-risk window: shown, never edited (an environment setting of the server). */
export function AtRiskWindow({ minutes }: { minutes: number }) {
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: "window", label: "At-risk window", children: <span aria-label="At-risk window">{formatTarget(minutes)}</span> },
          { key: "setting", label: "Setting", children: <Typography.Text code>SLA_AT_RISK_MINUTES={minutes}</Typography.Text> },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        A ticket is at risk when a running SLA clock falls due within this window: the tickets&apos; SLA filter and badges, and the dashboard&apos;s
        at-risk list, use it. It is set on the server (environment variable <Typography.Text code>SLA_AT_RISK_MINUTES</Typography.Text>), not here.
      </Typography.Paragraph>
    </>
  );
}
