import { CheckOutlined } from "@ant-design/icons";
import { Button, Flex, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import type { AiSuggestion } from "../../../api/types";
import { formatShare, SUGGESTION_SOURCE_LABELS } from "../aiPresentation";

interface SuggestionRowProps {
  /** What is suggested: "Category", "Priority", "Tag". */
  label: string;
  suggestion: AiSuggestion;
  /** How the value is shown (default: as a tag). */
  value?: ReactNode;
  /** The ticket already has the value. */
  applied: boolean;
  /** Absent when the value cannot be applied (e.g. an unknown priority). */
  onApply?: () => void;
  applying?: boolean;
}

/** One AI suggestion: the value, its confidence and source, the reason, and Apply. */
export function SuggestionRow({ label, suggestion, value, applied, onApply, applying = false }: SuggestionRowProps) {
  const name = `${label} ${suggestion.value}`;
  return (
    <li aria-label={name} style={{ padding: "8px 0", borderBottom: "1px solid #f0f0f0" }}>
      <Flex justify="space-between" align="center" gap="small" wrap="wrap">
        <Flex gap={4} align="center" wrap="wrap">
          <Typography.Text strong>{label}</Typography.Text>
          {value ?? <Tag color="geekblue">{suggestion.value}</Tag>}
          {suggestion.confidence !== null ? <Tag>{formatShare(suggestion.confidence)} confident</Tag> : null}
          {suggestion.abstained ? <Tag color="warning">Needs a human</Tag> : null}
        </Flex>
        {applied ? (
          <Tag icon={<CheckOutlined aria-hidden />} color="success">
            Applied
          </Tag>
        ) : onApply ? (
          <Button size="small" onClick={onApply} loading={applying} aria-label={`Apply ${name}`}>
            Apply
          </Button>
        ) : null}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {SUGGESTION_SOURCE_LABELS[suggestion.source] ?? suggestion.source}: {suggestion.reason}
      </Typography.Text>
    </li>
  );
}
