import { ExperimentOutlined } from "@ant-design/icons";
import { Alert, App, Button, Descriptions, Flex, Skeleton, Spin, Table, Tag, Typography } from "antd";
import type { DescriptionsProps } from "antd";
import { describeError } from "../../../../api/problem";
import type { ClassifierStatus, ConfusedPair } from "../../../../api/types";
import { ErrorAlert } from "../../../../shared/ErrorAlert";
import { formatDateTime } from "../../../../shared/format";
import { formatNumber, formatShare } from "../../aiPresentation";
import { useClassifier } from "../../hooks/useAiSettings";

const STATUS_COLORS: Record<ClassifierStatus["status"], string> = {
  untrained: "default",
  training: "processing",
  ready: "success",
  failed: "error",
};

const STATUS_LABELS: Record<ClassifierStatus["status"], string> = {
  untrained: "Not trained",
  training: "Training…",
  ready: "Ready",
  failed: "Failed",
};

const METHOD_LABELS: Record<NonNullable<ClassifierStatus["method"]>, string> = {
  supervised: "Learned from labelled tickets",
  "zero-shot": "Category descriptions (no labelled tickets yet)",
};

function metricItems(classifier: ClassifierStatus): DescriptionsProps["items"] {
  const { metrics } = classifier;
  const items: DescriptionsProps["items"] = [
    { key: "method", label: "Method", children: classifier.method ? METHOD_LABELS[classifier.method] : "—" },
    { key: "trained", label: "Trained", children: formatDateTime(classifier.trained_at) },
    { key: "examples", label: "Examples", children: classifier.examples },
    { key: "categories", label: "Categories", children: classifier.categories.length },
  ];
  if (!metrics) return items;
  return [
    ...items,
    { key: "accuracy", label: metrics.folds ? `Accuracy (${metrics.folds}-fold)` : "Accuracy", children: formatShare(metrics.accuracy) },
    { key: "f1", label: "Macro-F1", children: formatShare(metrics.macro_f1) },
    { key: "ece", label: "Calibration error (ECE)", children: formatNumber(metrics.expected_calibration_error) },
    {
      key: "coverage",
      label: metrics.target_precision === null ? "Coverage at target precision" : `Coverage at ${formatShare(metrics.target_precision)} precision`,
      children: `${formatShare(metrics.coverage_at_target)} (precision ${formatShare(metrics.precision_at_target)})`,
    },
    { key: "threshold", label: "Abstention threshold", children: formatNumber(metrics.threshold, 2) },
    { key: "seconds", label: "Training time", children: `${formatNumber(metrics.train_seconds, 1)} s` },
  ];
}

const confusedColumns = [
  { title: "Actual", dataIndex: "actual", key: "actual" },
  { title: "Predicted as", dataIndex: "predicted", key: "predicted" },
  { title: "Tickets", dataIndex: "count", key: "count", align: "right" as const },
];

/** The classifier: its state, Train (a background job, polled), the cross-validated metrics and the most-confused pairs. */
export function ClassifierCard() {
  const { classifier, train, training } = useClassifier();
  const { message } = App.useApp();

  if (classifier.isPending) return <Skeleton active paragraph={{ rows: 5 }} />;
  if (classifier.error) return <ErrorAlert error={classifier.error} title="Could not load the classifier" onRetry={() => void classifier.refetch()} />;
  const state = classifier.data;

  return (
    <section aria-label="Classifier">
      <Flex justify="space-between" align="center" gap="small" wrap="wrap" style={{ marginBottom: 12 }}>
        <Flex gap="small" align="center">
          <Typography.Text>Status</Typography.Text>
          <Tag color={STATUS_COLORS[state.status]} aria-label="Classifier status">
            {STATUS_LABELS[state.status]}
          </Tag>
          {training ? <Spin size="small" aria-label="Training" /> : null}
        </Flex>
        <Button
          type="primary"
          icon={<ExperimentOutlined aria-hidden />}
          loading={training}
          onClick={() =>
            train.mutate(undefined, {
              onSuccess: () => void message.info("Training started: this page follows it"),
              onError: (error) => void message.error(describeError(error).message, 6),
            })
          }
        >
          {training ? "Training…" : "Train"}
        </Button>
      </Flex>
      {state.status === "failed" && state.error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message="Training failed" description={state.error} /> : null}
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered items={metricItems(state)} />
      {state.notes.length > 0 ? (
        <ul aria-label="Notes" style={{ margin: "12px 0 0", paddingLeft: 20 }}>
          {state.notes.map((note) => (
            <li key={note}>
              <Typography.Text type="secondary">{note}</Typography.Text>
            </li>
          ))}
        </ul>
      ) : null}
      <Typography.Title level={3} id="most-confused" style={{ fontSize: 14, margin: "16px 0 8px" }}>
        Most-confused categories
      </Typography.Title>
      <Table<ConfusedPair>
        size="small"
        aria-labelledby="most-confused"
        rowKey={(pair) => `${pair.actual}→${pair.predicted}`}
        columns={confusedColumns}
        dataSource={state.confused}
        pagination={false}
        locale={{ emptyText: "No confusions measured yet" }}
      />
    </section>
  );
}
