import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Form, Input, Select, Switch, Typography } from "antd";
import type { Rule } from "antd/es/form";
import { useMemo, useState } from "react";
import type { SlaPolicy } from "../../../api/types";
import { clockMinutes, DEFAULT_INTERVAL, timeZoneOptions, WEEKDAY_LABELS, WEEKDAYS, type Weekday } from "../slaForm";

const timeRules = (what: "from" | "until"): Rule[] => [
  { required: true, whitespace: true, message: "Enter a time" },
  {
    validator: (_, value: string | undefined) =>
      !value || clockMinutes(value) !== null ? Promise.resolve() : Promise.reject(new Error(what === "from" ? "HH:MM, e.g. 09:00" : "HH:MM, e.g. 17:00 (24:00 ends the day)")),
  },
];

/** "new york" finds America/New_York. */
const searchable = (text: string) => text.toLowerCase().replace(/[_\s]+/g, " ");
const matchesZone = (input: string, option?: { value: string }) => Boolean(option && searchable(option.value).includes(searchable(input)));

/** One weekday: open or closed, and when open its working intervals (e.g. 09:00-12:00 and 13:00-17:00). */
function DayRow({ day }: { day: Weekday }) {
  const form = Form.useFormInstance();
  const label = WEEKDAY_LABELS[day];
  const openDay = (checked: boolean) => {
    const intervals = form.getFieldValue(["week", day, "intervals"]) as unknown[] | undefined;
    if (checked && !intervals?.length) form.setFieldValue(["week", day, "intervals"], [{ ...DEFAULT_INTERVAL }]);
  };
  return (
    <Flex gap="middle" align="flex-start" wrap role="group" aria-label={label} style={{ padding: "6px 0", borderBottom: "1px solid rgba(5, 5, 5, 0.06)" }}>
      <Typography.Text strong style={{ width: 100, paddingTop: 5 }}>
        {label}
      </Typography.Text>
      <Form.Item name={["week", day, "open"]} valuePropName="checked" style={{ marginBottom: 0, width: 160 }}>
        <Switch checkedChildren="Open" unCheckedChildren="Closed" aria-label={`${label} open`} onChange={openDay} />
      </Form.Item>
      <Form.Item noStyle dependencies={[["week", day, "open"]]}>
        {({ getFieldValue }) =>
          getFieldValue(["week", day, "open"]) ? (
            <Form.List name={["week", day, "intervals"]}>
              {(fields, { add, remove }) => (
                <Flex vertical gap={4}>
                  {fields.map((field, index) => {
                    const which = fields.length > 1 ? ` (${index + 1})` : "";
                    return (
                      <Flex key={field.key} gap="small" align="flex-start">
                        <Form.Item name={[field.name, "start"]} rules={timeRules("from")} style={{ marginBottom: 0 }}>
                          <Input aria-label={`${label} from${which}`} placeholder="09:00" style={{ width: 90 }} maxLength={5} />
                        </Form.Item>
                        <Typography.Text style={{ paddingTop: 5 }}>to</Typography.Text>
                        <Form.Item
                          name={[field.name, "end"]}
                          dependencies={[["week", day, "intervals", field.name, "start"]]}
                          style={{ marginBottom: 0 }}
                          rules={[
                            ...timeRules("until"),
                            ({ getFieldValue }) => ({
                              validator: (_, value: string | undefined) => {
                                const start = clockMinutes(getFieldValue(["week", day, "intervals", field.name, "start"]) as string | undefined);
                                const end = clockMinutes(value);
                                return start === null || end === null || end > start ? Promise.resolve() : Promise.reject(new Error("Must end after it starts"));
                              },
                            }),
                          ]}
                        >
                          <Input aria-label={`${label} until${which}`} placeholder="17:00" style={{ width: 90 }} maxLength={5} />
                        </Form.Item>
                        <Button type="text" icon={<DeleteOutlined aria-hidden />} aria-label={`Remove ${label} hours${which}`} onClick={() => remove(field.name)} />
                      </Flex>
                    );
                  })}
                  <div>
                    <Button size="small" type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add({ start: "", end: "" })} aria-label={`Add hours on ${label}`}>
                      Add hours
                    </Button>
                  </div>
                </Flex>
              )}
            </Form.List>
          ) : null
        }
      </Form.Item>
    </Flex>
  );
}

/**
 * The business-hours calendar inside the page's form: on or off, its IANA time zone (searchable)
 * and each weekday closed or open with its intervals. `error`: what the server said about the
 * calendar as a whole.
 */
export function BusinessHoursEditor({ error }: { error: string | null }) {
  const form = Form.useFormInstance();
  // The stored zone is in the list even if this browser does not know it.
  const [stored] = useState(() => form.getFieldValue("timezone") as string | undefined);
  const zones = useMemo(() => timeZoneOptions(stored).map((zone) => ({ value: zone, label: zone })), [stored]);
  return (
    <>
      <Form.Item name="calendar" valuePropName="checked" label="Business-hours calendar" extra="Targets counted in business hours run only during these hours.">
        <Switch checkedChildren="On" unCheckedChildren="Off" aria-label="Use a business-hours calendar" />
      </Form.Item>
      <Form.Item noStyle dependencies={["calendar"]}>
        {({ getFieldValue }) =>
          getFieldValue("calendar") ? (
            <>
              {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
              <Form.Item name="timezone" label="Time zone" rules={[{ required: true, message: "Choose a time zone" }]} style={{ maxWidth: 360 }}>
                <Select showSearch options={zones} filterOption={matchesZone} placeholder="Europe/Berlin" aria-label="Time zone" />
              </Form.Item>
              <div role="group" aria-label="Working hours">
                {WEEKDAYS.map((day) => (
                  <DayRow key={day} day={day} />
                ))}
              </div>
            </>
          ) : null
        }
      </Form.Item>
    </>
  );
}

/** The calendar as text, for agents. */
export function BusinessHoursSummary({ policy }: { policy: SlaPolicy }) {
  const hours = policy.business_hours;
  if (!hours) return <Typography.Paragraph>No business-hours calendar: every target counts clock hours.</Typography.Paragraph>;
  return (
    <dl aria-label="Business hours" style={{ display: "grid", gridTemplateColumns: "max-content 1fr", gap: "4px 24px", margin: 0 }}>
      <dt>Time zone</dt>
      <dd style={{ margin: 0 }}>{hours.timezone}</dd>
      {WEEKDAYS.map((day) => {
        const intervals = hours.week[day] ?? [];
        return [
          <dt key={`${day}-name`}>{WEEKDAY_LABELS[day]}</dt>,
          <dd key={`${day}-hours`} style={{ margin: 0 }}>
            {intervals.length ? intervals.map((interval) => `${interval.start}–${interval.end}`).join(", ") : <Typography.Text type="secondary">Closed</Typography.Text>}
          </dd>,
        ];
      })}
    </dl>
  );
}
