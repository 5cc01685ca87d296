import { InputNumber, Space, Typography } from "antd";
import { formatTarget, MAX_TARGET_MINUTES } from "../slaForm";

interface DurationInputProps {
  /** Whole minutes (what the API stores); null while both boxes are empty. */
  value?: number | null;
  onChange?: (minutes: number | null) => void;
  /** Names the two boxes for assistive technology: "<label>, hours" and "<label>, minutes". */
  label: string;
  /** Set by Form.Item: the hours box gets it, so the item's label and errors point at it. */
  id?: string;
  status?: "error" | "warning" | "";
}

const MAX_HOURS = Math.floor(MAX_TARGET_MINUTES / 60);

/** A target entered as hours and minutes; from a day on also in days beside ("= 1 d 12 h"). */
export function DurationInput({ value, onChange, label, id, status }: DurationInputProps) {
  const known = value !== null && value !== undefined && Number.isFinite(value);
  const hours = known ? Math.floor(value / 60) : null;
  const minutes = known ? value % 60 : null;
  const emit = (nextHours: number | null, nextMinutes: number | null) =>
    onChange?.(nextHours === null && nextMinutes === null ? null : (nextHours ?? 0) * 60 + (nextMinutes ?? 0));
  return (
    <Space size="small" align="center" wrap>
      <Space.Compact>
        <InputNumber
          id={id}
          aria-label={`${label}, hours`}
          min={0}
          max={MAX_HOURS}
          precision={0}
          value={hours}
          status={status}
          onChange={(next) => emit(next, minutes)}
          controls={false}
          suffix="h"
          style={{ width: 96 }}
        />
        <InputNumber
          aria-label={`${label}, minutes`}
          min={0}
          max={59}
          precision={0}
          value={minutes}
          status={status}
          onChange={(next) => emit(hours, next)}
          controls={false}
          suffix="min"
          style={{ width: 96 }}
        />
      </Space.Compact>
      {known && value >= 1440 ? <Typography.Text type="secondary">= {formatTarget(value)}</Typography.Text> : null}
    </Space>
  );
}
