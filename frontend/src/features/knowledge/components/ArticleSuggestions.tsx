import { BulbOutlined } from "@ant-design/icons";
import { Card, Collapse, Typography } from "antd";
import { useSuggestions } from "../hooks/useSuggestions";

interface ArticleSuggestionsProps {
  /** What has been typed so far (title and content). */
  text: string;
  /** Staff also see how well each article matches. */
  showScores?: boolean;
}

/**
 * Help articles that may already answer the ticket being written, shown as the title and
 * content are typed. Nothing is shown while there is nothing to suggest (or the knowledge
 * base cannot be reached): the form never waits for it.
 */
export function ArticleSuggestions({ text, showScores = false }: ArticleSuggestionsProps) {
  const { suggestions } = useSuggestions(text);
  if (suggestions.length === 0) return null;
  return (
    <Card
      size="small"
      role="region"
      aria-label="Suggested articles"
      title={
        <span>
          <BulbOutlined aria-hidden /> These articles may answer your question
        </span>
      }
      style={{ marginBottom: 16, background: "#f6ffed", borderColor: "#b7eb8f" }}
    >
      <Collapse
        size="small"
        ghost
        items={suggestions.map((suggestion) => ({
          key: suggestion.document_id,
          label: (
            <span>
              {suggestion.title}
              {showScores ? (
                <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                  score {suggestion.score.toFixed(2)}
                </Typography.Text>
              ) : null}
            </span>
          ),
          children: <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>{suggestion.snippet}</Typography.Paragraph>,
        }))}
      />
    </Card>
  );
}
