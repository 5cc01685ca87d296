import { DownloadOutlined, ReloadOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { App, Button, Card, Col, DatePicker, Descriptions, Flex, Form, Grid, Row, Segmented, Skeleton, Statistic, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { ReactNode } from "react";
import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import type { Dashboard, DashboardQuery } from "../../../api/types";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { formatDateTime } from "../../../shared/format";
import { PageHeader } from "../../../shared/PageHeader";
import { describeError } from "../../../api/problem";
import { dashboardKeys, downloadDashboardCsv, getDashboard } from "../api";
import { AtRiskTickets } from "../components/AtRiskTickets";
import { CategoryChart, DraftDecisionsChart, SatisfactionChart, SlaChart, StatusChart, TrendChart } from "../components/Charts";
import { formatPercent, formatSeconds } from "../format";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The dashboard's query from the URL (`from`, `to`, `group_by`), so a view can be shared. */
function queryFrom(params: URLSearchParams): DashboardQuery {
  const query: DashboardQuery = { group_by: params.get("group_by") === "week" ? "week" : "day" };
  const from = params.get("from");
  const to = params.get("to");
  if (from && DAY.test(from)) query.from = from;
  if (to && DAY.test(to)) query.to = to;
  return query;
}

function Figure({ title, value, suffix, hint }: { title: string; value: ReactNode; suffix?: string; hint?: ReactNode }) {
  return (
    <Card size="small" role="group" aria-label={title} style={{ height: "100%" }}>
      <Statistic title={title} value={value as string} suffix={suffix} />
      {hint ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hint}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

const cardTitle = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/** Helpdesk figures for agents and admins: volumes, trend, SLA, satisfaction and AI (docs/analytics.md). */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const query = queryFrom(params);
  const figures = useQuery({ queryKey: dashboardKeys.figures(query), queryFn: () => getDashboard(query), placeholderData: keepPreviousData });
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState(false);
  // On a phone the date range narrows to fit beside its label.
  const phone = Grid.useBreakpoint().sm === false;

  const change = (next: DashboardQuery) => {
    const search = new URLSearchParams();
    if (next.from) search.set("from", next.from);
    if (next.to) search.set("to", next.to);
    if (next.group_by === "week") search.set("group_by", "week");
    setParams(search, { replace: true });
  };

  const range = figures.data?.range;
  const pickerValue: [Dayjs, Dayjs] | null = range ? [dayjs(range.from), dayjs(range.to)] : null;

  const download = async () => {
    setDownloading(true);
    try {
      const name = await downloadDashboardCsv(query);
      void message.success(`Downloaded ${name}`);
    } catch (error) {
      void message.error(describeError(error).message);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Dashboard"
        subtitle={figures.data ? `Figures of ${figures.data.range.from} to ${figures.data.range.to} (UTC), as of ${formatDateTime(figures.data.generated_at)}` : undefined}
        extra={
          <>
            <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void figures.refetch()} loading={figures.isFetching}>
              Refresh
            </Button>
            <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void download()} loading={downloading}>
              Download CSV
            </Button>
          </>
        }
      />
      <Form layout="inline" aria-label="Dashboard range" style={{ rowGap: 12, marginBottom: 16 }}>
        <Form.Item label="Dates" htmlFor="dashboard-range">
          <DatePicker.RangePicker
            id={{ start: "dashboard-range" }}
            value={pickerValue}
            allowClear={false}
            style={phone ? { width: 220 } : undefined}
            disabledDate={(day) => day.isAfter(dayjs().add(1, "day"))}
            onChange={(dates) => {
              if (dates?.[0] && dates[1]) change({ ...query, from: dates[0].format("YYYY-MM-DD"), to: dates[1].format("YYYY-MM-DD") });
            }}
            presets={[
              { label: "Last 7 days", value: [dayjs().subtract(6, "day"), dayjs()] },
              { label: "Last 30 days", value: [dayjs().subtract(29, "day"), dayjs()] },
              { label: "Last 90 days", value: [dayjs().subtract(89, "day"), dayjs()] },
            ]}
          />
        </Form.Item>
        <Form.Item label="Group by">
          <Segmented
            aria-label="Group by"
            value={query.group_by ?? "day"}
            options={[
              { label: "Day", value: "day" },
              { label: "Week", value: "week" },
            ]}
            onChange={(value) => change({ ...query, group_by: value as "day" | "week" })}
          />
        </Form.Item>
      </Form>
      {figures.error ? <ErrorAlert error={figures.error} title="Could not load the figures" onRetry={() => void figures.refetch()} /> : null}
      {figures.isPending ? <Skeleton active paragraph={{ rows: 10 }} /> : null}
      {figures.data ? <DashboardFigures data={figures.data} /> : null}
    </>
  );
}

function DashboardFigures({ data }: { data: Dashboard }) {
  const { totals, sla, satisfaction, ai } = data;
  const ratings = satisfaction.overall;
  // On a phone each figure's value goes under its label: beside a long label it has no room.
  const figureLayout = Grid.useBreakpoint().sm === false ? "vertical" : "horizontal";
  return (
    <Flex vertical gap="middle">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8} xl={4}>
          <Figure title="Created" value={totals.created} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure title="Resolved" value={totals.resolved} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure title="Open now" value={totals.open_now} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure title="First response SLA met" value={formatPercent(sla.first_response.met_pct)} hint={`${sla.first_response.met} met, ${sla.first_response.breached} breached`} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure title="Resolution SLA met" value={formatPercent(sla.resolution.met_pct)} hint={`${sla.resolution.met} met, ${sla.resolution.breached} breached`} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure
            title="Satisfaction"
            value={ratings.average === null ? "—" : ratings.average.toFixed(2)}
            suffix={ratings.average === null ? undefined : "/ 5"}
            hint={`${ratings.count} ${ratings.count === 1 ? "rating" : "ratings"}`}
          />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={cardTitle(`Created vs resolved, by ${data.range.group_by}`)}>
            <TrendChart trend={data.trend} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={cardTitle("SLA")} style={{ height: "100%" }}>
            <SlaChart sla={sla} />
            <Descriptions
              size="small"
              column={1}
              layout={figureLayout}
              items={[
                { key: "at-risk", label: "At risk now", children: <span data-figure="at_risk_now">{sla.at_risk_now}</span> },
                { key: "breached-open", label: "Breached, still open", children: sla.breached_open_now },
                { key: "breached", label: "Tickets that breached", children: sla.tickets_breached },
                { key: "fr-median", label: "First response, median", children: formatSeconds(sla.first_response.median_seconds) },
                { key: "fr-p90", label: "First response, 90th pct.", children: formatSeconds(sla.first_response.p90_seconds) },
                { key: "res-median", label: "Resolution, median", children: formatSeconds(sla.resolution.median_seconds) },
                { key: "res-p90", label: "Resolution, 90th pct.", children: formatSeconds(sla.resolution.p90_seconds) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12} xl={8}>
          <Card size="small" title={cardTitle("By status")}>
            <StatusChart byStatus={totals.by_status} />
          </Card>
        </Col>
        <Col xs={24} lg={12} xl={8}>
          <Card size="small" title={cardTitle("By category")}>
            <CategoryChart byCategory={totals.by_category} />
          </Card>
        </Col>
        <Col xs={24} lg={12} xl={8}>
          <Card size="small" title={cardTitle("At risk")} style={{ height: "100%" }}>
            <AtRiskTickets />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={cardTitle("Satisfaction ratings")}>
            <SatisfactionChart distribution={ratings.distribution} />
            <Typography.Text type="secondary">
              With AI-assisted replies: {satisfaction.ai_assisted.count} ratings, average {satisfaction.ai_assisted.average?.toFixed(2) ?? "—"}; without:{" "}
              {satisfaction.not_ai_assisted.count} ratings, average {satisfaction.not_ai_assisted.average?.toFixed(2) ?? "—"}.
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={cardTitle("AI assistance")} style={{ height: "100%" }}>
            <DraftDecisionsChart drafts={ai.drafts} />
            <Descriptions
              size="small"
              column={1}
              layout={figureLayout}
              items={[
                { key: "drafts", label: "Drafts decided", children: ai.drafts.decided },
                { key: "accepted", label: "Accepted unchanged", children: `${ai.drafts.accepted} (${formatPercent(ai.drafts.accepted_pct)})` },
                { key: "edited", label: "Edited, then sent", children: `${ai.drafts.edited} (${formatPercent(ai.drafts.edited_pct)})` },
                { key: "rejected", label: "Rejected", children: `${ai.drafts.rejected} (${formatPercent(ai.drafts.rejected_pct)})` },
                { key: "changed", label: "Share changed before sending", children: formatPercent(ai.drafts.mean_changed_pct) },
                { key: "triaged", label: "Tickets triaged", children: `${ai.triage.triaged} (abstained ${formatPercent(ai.triage.abstention_pct)})` },
                { key: "accuracy", label: "Triage category accuracy", children: formatPercent(ai.triage.accuracy_pct) },
                {
                  key: "with-draft",
                  label: "First response with / without a draft (median)",
                  children: `${formatSeconds(ai.first_response_with_draft.median_seconds)} / ${formatSeconds(ai.first_response_without_draft.median_seconds)}`,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
