import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from "@tanstack/react-query";
import { Alert, Button, Card, Form, Input, Rate, Skeleton, Space, Typography } from "antd";
import type { ReactNode } from "react";
import { describeError, isApiError } from "../../../api/problem";
import type { Rating, Ticket, TicketSatisfaction } from "../../../api/types";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { formatDateTime } from "../../../shared/format";
import { getSatisfaction, rateTicket, satisfactionKey } from "../api";

export const SCORE_LABELS = ["Very poor", "Poor", "OK", "Good", "Great"];
const COMMENT_MAX_LENGTH = 2000;

function RatingView({ rating, own }: { rating: Rating; own: boolean }) {
  return (
    <Space direction="vertical" size={4}>
      <Space wrap>
        <Rate disabled value={rating.score} aria-label={`Rated ${rating.score} of 5`} />
        <Typography.Text>{`${rating.score}/5`}</Typography.Text>
        <Typography.Text type="secondary">{SCORE_LABELS[rating.score - 1]}</Typography.Text>
      </Space>
      {rating.comment ? <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: "pre-wrap" }}>“{rating.comment}”</Typography.Paragraph> : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {own ? "You rated this resolution" : "Rated"} {formatDateTime(rating.created_at)}
      </Typography.Text>
      {own ? (
        // The API takes one rating per resolution and none can be changed.
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          A rating cannot be changed. If this ticket is reopened and resolved again, you can rate that resolution.
        </Typography.Text>
      ) : null}
    </Space>
  );
}

interface RatingValues {
  score: number;
  comment?: string;
}

/** The card's title: what the card is now (a question, or a record of the answer). */
function titleFor(isRequester: boolean, satisfaction: TicketSatisfaction | undefined): string {
  if (!isRequester || !satisfaction) return "Satisfaction";
  return satisfaction.current ? "Your rating" : "Rate this resolution";
}

interface SatisfactionCardProps {
  ticket: Ticket;
  isRequester: boolean;
  /** Renders the card's title text (the page's section heading). */
  heading: (text: string) => ReactNode;
}

/**
 * The satisfaction with a resolved (or closed) ticket, as a card. Its requester is asked
 * "Rate this resolution" (1-5 stars and an optional comment), once per resolution; once rated
 * the card reads "Your rating" and shows it (the API allows no change). Staff see the rating.
 */
export function SatisfactionCard({ ticket, isRequester, heading }: SatisfactionCardProps) {
  const queryClient = useQueryClient();
  const satisfaction = useQuery({ queryKey: satisfactionKey(ticket.id), queryFn: () => getSatisfaction(ticket.id) });
  const rate = useMutation({
    mutationFn: (values: RatingValues) => rateTicket(ticket.id, { score: values.score, comment: values.comment?.trim() || null }),
    onSuccess: (rating) => {
      // Show the rating at once; the refetch below confirms it.
      queryClient.setQueryData<TicketSatisfaction>(satisfactionKey(ticket.id), (old) => ({ current: rating, history: [...(old?.history ?? []), rating] }));
      return queryClient.invalidateQueries({ queryKey: satisfactionKey(ticket.id) });
    },
    // Rated meanwhile (another tab): show the stored rating.
    onError: (error) => (isApiError(error, 409) ? queryClient.invalidateQueries({ queryKey: satisfactionKey(ticket.id) }) : undefined),
  });

  return (
    <Card size="small" title={heading(titleFor(isRequester, satisfaction.data))}>
      <SatisfactionBody satisfaction={satisfaction} isRequester={isRequester} rate={rate} />
    </Card>
  );
}

interface SatisfactionBodyProps {
  satisfaction: UseQueryResult<TicketSatisfaction>;
  isRequester: boolean;
  rate: UseMutationResult<Rating, Error, RatingValues>;
}

function SatisfactionBody({ satisfaction, isRequester, rate }: SatisfactionBodyProps) {
  if (satisfaction.isPending) return <Skeleton active paragraph={{ rows: 1 }} />;
  if (satisfaction.error) return <ErrorAlert error={satisfaction.error} title="Could not load the rating" onRetry={() => void satisfaction.refetch()} />;
  const current = satisfaction.data.current;
  if (current) return <RatingView rating={current} own={isRequester} />;
  if (!isRequester) return <Typography.Text type="secondary">The requester has not rated this resolution yet.</Typography.Text>;

  return (
    <Form<RatingValues> name="satisfaction" layout="vertical" onFinish={(values) => rate.mutate(values)} requiredMark={false}>
      <Typography.Paragraph>How satisfied are you with how this ticket was resolved?</Typography.Paragraph>
      {rate.error ? <Alert type="error" showIcon message="Your rating was not saved" description={describeError(rate.error).message} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="score" label="Your rating" rules={[{ required: true, message: "Choose 1 to 5 stars" }]}>
        <Rate tooltips={SCORE_LABELS} aria-label="Your rating" />
      </Form.Item>
      <Form.Item name="comment" label="Comment (optional)" rules={[{ max: COMMENT_MAX_LENGTH, message: `At most ${COMMENT_MAX_LENGTH} characters` }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder="What went well, what could be better?" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={rate.isPending}>
        Send rating
      </Button>
    </Form>
  );
}
