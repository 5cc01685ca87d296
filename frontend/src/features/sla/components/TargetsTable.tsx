import { Form, Switch, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { Rule } from "antd/es/form";
import type { SlaPolicy, TicketPriority } from "../../../api/types";
import { PRIORITY_COLORS, PRIORITY_LABELS } from "../../tickets/ticketPresentation";
import { formatTarget, MAX_TARGET_MINUTES, MIN_TARGET_MINUTES, SLA_PRIORITIES } from "../slaForm";
import { DurationInput } from "./DurationInput";

type TargetKey = "first_response_minutes" | "resolution_minutes";

const TARGET_NAMES: Record<TargetKey, string> = { first_response_minutes: "first response", resolution_minutes: "resolution" };

const targetRules: Rule[] = [
  {
    validator: (_, value: number | null | undefined) => {
      if (value === null || value === undefined) return Promise.reject(new Error("Enter a target"));
      if (value < MIN_TARGET_MINUTES) return Promise.reject(new Error("At least 1 minute"));
      if (value > MAX_TARGET_MINUTES) return Promise.reject(new Error("At most 366 days"));
      return Promise.resolve();
    },
  },
];

function TargetField({ priority, target }: { priority: TicketPriority; target: TargetKey }) {
  return (
    <Form.Item name={["targets", priority, target]} rules={targetRules} style={{ marginBottom: 0 }}>
      <DurationInput label={`${PRIORITY_LABELS[priority]} ${TARGET_NAMES[target]}`} />
    </Form.Item>
  );
}

function BusinessHoursSwitch({ priority }: { priority: TicketPriority }) {
  return (
    <Form.Item
      name={["targets", priority, "business_hours"]}
      valuePropName="checked"
      dependencies={["calendar"]}
      style={{ marginBottom: 0 }}
      rules={[
        ({ getFieldValue }) => ({
          validator: (_, value: boolean | undefined) =>
            value && !getFieldValue("calendar") ? Promise.reject(new Error("Needs the business-hours calendar below")) : Promise.resolve(),
        }),
      ]}
    >
      <Switch checkedChildren="Business hours" unCheckedChildren="Clock hours" aria-label={`${PRIORITY_LABELS[priority]}: count business hours`} />
    </Form.Item>
  );
}

interface Row {
  priority: TicketPriority;
}

/**
 * The first-response and resolution targets of each priority, and whether they count business
 * hours. Editable (inside the page's form) or, for agents, as text from `policy`.
 */
export function TargetsTable({ policy, editable }: { policy: SlaPolicy; editable: boolean }) {
  const readable = (priority: TicketPriority, target: TargetKey) => <Typography.Text strong>{formatTarget(policy.targets[priority][target])}</Typography.Text>;
  const columns: ColumnsType<Row> = [
    {
      title: "Priority",
      key: "priority",
      width: 110,
      render: (_, { priority }) => <Tag color={PRIORITY_COLORS[priority]}>{PRIORITY_LABELS[priority]}</Tag>,
    },
    {
      title: "First response within",
      key: "first_response",
      render: (_, { priority }) => (editable ? <TargetField priority={priority} target="first_response_minutes" /> : readable(priority, "first_response_minutes")),
    },
    {
      title: "Resolution within",
      key: "resolution",
      render: (_, { priority }) => (editable ? <TargetField priority={priority} target="resolution_minutes" /> : readable(priority, "resolution_minutes")),
    },
    {
      title: "Counted in",
      key: "business_hours",
      width: 190,
      render: (_, { priority }) =>
        editable ? <BusinessHoursSwitch priority={priority} /> : policy.targets[priority].business_hours ? "Business hours" : "Clock hours",
    },
  ];
  return (
    <Table<Row>
      aria-label="SLA targets"
      size="small"
      pagination={false}
      rowKey="priority"
      // On a phone the table scrolls inside its card rather than running out of it.
      scroll={{ x: "max-content" }}
      columns={columns}
      dataSource={SLA_PRIORITIES.map((priority) => ({ priority }))}
    />
  );
}
