import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Form, Input, Rate, Skeleton, Space, Typography } from "antd";
import { describeError } from "../../../api/problem";
import type { Rating, Ticket } from "../../../api/types";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { formatDateTime } from "../../../shared/format";
import { getSatisfaction, rateTicket, satisfactionKey } from "../api";

export const SCORE_LABELS = ["Very poor", "Poor", "OK", "Good", "Great"];
const COMMENT_MAX_LENGTH = 2000;

function RatingView({ rating, own }: { rating: Rating; own: boolean }) {
  return (
    <Space direction="vertical" size={4}>
      <Space>
        <Rate disabled value={rating.score} aria-label={`Rated ${rating.score} of 5`} />
        <Typography.Text>{`${rating.score}/5`}</Typography.Text>
      </Space>
      {rating.comment ? <Typography.Paragraph style={{ marginBottom: 0 }}>“{rating.comment}”</Typography.Paragraph> : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {own ? "You rated this resolution" : "Rated"} {formatDateTime(rating.created_at)}
      </Typography.Text>
    </Space>
  );
}

interface RatingValues {
  score: number;
  comment?: string;
}

/**
 * The satisfaction with a resolved (or closed) ticket. Its requester is asked for 1-5 stars
 * and an optional comment, once per resolution; staff see the rating.
 */
export function SatisfactionCard({ ticket, isRequester }: { ticket: Ticket; isRequester: boolean }) {
  const queryClient = useQueryClient();
  const satisfaction = useQuery({ queryKey: satisfactionKey(ticket.id), queryFn: () => getSatisfaction(ticket.id) });
  const rate = useMutation({
    mutationFn: (values: RatingValues) => rateTicket(ticket.id, { score: values.score, comment: values.comment?.trim() || null }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: satisfactionKey(ticket.id) }),
  });

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
