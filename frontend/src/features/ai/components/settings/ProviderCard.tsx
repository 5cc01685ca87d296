import { Descriptions, Skeleton, Tag, Typography } from "antd";
import { ErrorAlert } from "../../../../shared/ErrorAlert";
import { EXTRACTIVE_MODEL } from "../../aiPresentation";
import { useProvider } from "../../hooks/useAiSettings";

/** The language model the server is configured with (never its key: only whether one is set). */
export function ProviderCard() {
  const provider = useProvider();
  if (provider.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (provider.error) return <ErrorAlert error={provider.error} title="Could not load the provider" onRetry={() => void provider.refetch()} />;
  const { model, api_base, fallback_models, timeout_s, max_retries, key_configured } = provider.data;
  const extractive = model === EXTRACTIVE_MODEL;
  return (
    <section aria-label="Provider">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: "model",
            label: "Model",
            children: extractive ? (
              <span>
                <Tag color="gold">extractive</Tag>
                <Typography.Text type="secondary">No language model configured: drafts quote the knowledge base.</Typography.Text>
              </span>
            ) : (
              <Tag color="purple">{model}</Tag>
            ),
          },
          { key: "base", label: "API base", children: api_base ?? "the provider's default" },
          { key: "fallbacks", label: "Fallback models", children: fallback_models.length > 0 ? fallback_models.join(", ") : "none" },
          { key: "timeout", label: "Timeout", children: `${timeout_s} s` },
          { key: "retries", label: "Retries", children: max_retries },
          { key: "key", label: "API key configured", children: key_configured ? <Tag color="success">Yes</Tag> : <Tag>No</Tag> },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0", fontSize: 12 }}>
        The provider is chosen by the server&apos;s settings (LLM_MODEL, LLM_API_BASE, LLM_API_KEY, …) and changes with a restart; see docs/ai.md.
      </Typography.Paragraph>
    </section>
  );
}
