import { useQuery } from "@tanstack/react-query";
import { App, Empty, Flex, Select, Skeleton, Spin, Typography } from "antd";
import { useMemo, useState } from "react";
import { describeError, isApiError } from "../../../api/problem";
import { TICKET_PRIORITIES, type Ticket, type TicketPriority, type TicketUpdate } from "../../../api/types";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { PriorityTag } from "../../tickets/components/TicketBadges";
import { STALE_TICKET_MESSAGE, useUpdateTicket } from "../../tickets/hooks/useTicketMutations";
import { aiKeys, getCategories, getClassifier } from "../api";
import { aiIsWorking, useTicketAi } from "../hooks/useTicketAi";
import { SuggestionRow } from "./SuggestionRow";

const CATEGORY_LIST_STALE_MS = 5 * 60_000;

function isPriority(value: string): value is TicketPriority {
  return (TICKET_PRIORITIES as readonly string[]).includes(value);
}

/** Every category the AI knows: the admin's descriptions and the trained classifier's labels. */
function useKnownCategories(): string[] {
  const descriptions = useQuery({ queryKey: aiKeys.categories(), queryFn: getCategories, staleTime: CATEGORY_LIST_STALE_MS });
  const classifier = useQuery({ queryKey: aiKeys.classifier(), queryFn: getClassifier, staleTime: CATEGORY_LIST_STALE_MS });
  return useMemo(() => {
    const names = [...(descriptions.data ?? []).map((item) => item.name), ...(classifier.data?.categories ?? [])];
    return [...new Set(names)].sort((a, b) => a.localeCompare(b));
  }, [descriptions.data, classifier.data]);
}

/**
 * The AI's triage of the ticket (staff): category with confidence, priority and tags, each with
 * its reason and an Apply button (a PATCH with If-Match, like every other change of the ticket),
 * and a list to override the category with another one.
 */
export function AiTriagePanel({ ticket }: { ticket: Ticket }) {
  const ai = useTicketAi(ticket.id, ticket.created_at);
  const updateTicket = useUpdateTicket(ticket);
  const knownCategories = useKnownCategories();
  const { message } = App.useApp();
  const [applying, setApplying] = useState<string | null>(null);

  const apply = async (key: string, changes: TicketUpdate, done: string) => {
    setApplying(key);
    try {
      await updateTicket.mutateAsync(changes);
      void message.success(done);
    } catch (error) {
      void (isApiError(error, 412) ? message.warning(STALE_TICKET_MESSAGE, 6) : message.error(describeError(error).message, 6));
    } finally {
      setApplying(null);
    }
  };

  if (ai.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (ai.error) return <ErrorAlert error={ai.error} title="Could not load the AI's suggestions" onRetry={() => void ai.refetch()} />;
  const { triage } = ai.data;
  if (!triage) {
    return aiIsWorking(ai.data, ticket.created_at) ? (
      <Flex gap="small" align="center" role="status">
        <Spin size="small" /> <Typography.Text type="secondary">Triaging…</Typography.Text>
      </Flex>
    ) : (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="No AI triage for this ticket yet" />
    );
  }

  const { category, priority, tags } = triage;
  const missingTags = tags.filter((tag) => !ticket.tags.includes(tag.value));
  const categoryOptions = [...new Set([...knownCategories, ...(category ? [category.value] : [])])]
    .filter((name) => name !== ticket.category)
    .map((name) => ({ value: name, label: name }));

  return (
    <section aria-label="AI triage">
      <ul style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {category ? (
          <SuggestionRow
            label="Category"
            suggestion={category}
            applied={ticket.category === category.value}
            applying={applying === "category"}
            onApply={() => void apply("category", { category: category.value }, `Category set to ${category.value}`)}
          />
        ) : null}
        {priority ? (
          <SuggestionRow
            label="Priority"
            suggestion={priority}
            value={isPriority(priority.value) ? <PriorityTag priority={priority.value} /> : undefined}
            applied={ticket.priority === priority.value}
            applying={applying === "priority"}
            onApply={
              isPriority(priority.value)
                ? () => void apply("priority", { priority: priority.value as TicketPriority }, `Priority set to ${priority.value}`)
                : undefined
            }
          />
        ) : null}
        {tags.map((tag) => (
          <SuggestionRow
            key={tag.value}
            label="Tag"
            suggestion={tag}
            applied={ticket.tags.includes(tag.value)}
            applying={applying === `tag:${tag.value}`}
            onApply={() => void apply(`tag:${tag.value}`, { tags: [...ticket.tags, tag.value] }, `Tag ${tag.value} added`)}
          />
        ))}
      </ul>
      {!category && !priority && tags.length === 0 ? <Typography.Text type="secondary">The AI had nothing to suggest.</Typography.Text> : null}
      {missingTags.length > 1 ? (
        <Typography.Link
          style={{ display: "inline-block", marginTop: 8 }}
          onClick={() =>
            void apply("tags", { tags: [...ticket.tags, ...missingTags.map((tag) => tag.value)] }, `${missingTags.length} tags added`)
          }
        >
          Apply all suggested tags
        </Typography.Link>
      ) : null}
      <Flex vertical gap={4} style={{ marginTop: 12 }}>
        <label htmlFor={`ai-category-override-${ticket.id}`}>
          <Typography.Text type="secondary">Override the category</Typography.Text>
        </label>
        <Select<string>
          id={`ai-category-override-${ticket.id}`}
          showSearch
          placeholder="Choose another category"
          options={categoryOptions}
          value={null}
          disabled={updateTicket.isPending}
          onChange={(value) => void apply("override", { category: value }, `Category set to ${value}`)}
          notFoundContent="No other categories known"
        />
      </Flex>
    </section>
  );
}
