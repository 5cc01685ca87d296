import { FilterOutlined } from "@ant-design/icons";
import { Button, Flex, Form, Grid, Input, Select } from "antd";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { SLA_STATUSES, type SlaStatus } from "../../../api/types";
import { UserSelect } from "../../users/components/UserSelect";
import { useDraft } from "../../../shared/useDraft";
import type { TicketListFilters } from "../ticketListSearch";
import { PrioritySelect, StatusSelect } from "./TicketFieldSelects";

interface TicketFiltersProps {
  filters: TicketListFilters;
  onChange: (filters: Partial<TicketListFilters>) => void;
  onClear: () => void;
  filtered: boolean;
  /** Off for customers, who see only their own tickets (and may not list accounts). */
  showRequester?: boolean;
}

const SLA_FILTER_LABELS: Record<SlaStatus, string> = { breached: "Breached", at_risk: "At risk", ok: "On track" };

const PANEL_ID = "ticket-filter-panel";

/** How many of the filters a phone folds away (all but the search) are set. */
function countFoldedFilters(filters: TicketListFilters, showRequester: boolean): number {
  const set = [filters.status, filters.priority, filters.sla, showRequester ? filters.requesterId : undefined, filters.tag];
  return set.filter((value) => value !== undefined).length;
}

/**
 * Status, priority, SLA, requester, tag and free-text filters of the ticket list. On a phone
 * only the search shows; the others fold behind a "Filters (n)" button that opens them in place.
 */
export function TicketFilters({ filters, onChange, onClear, filtered, showRequester = true }: TicketFiltersProps) {
  const [tagDraft, setTagDraft] = useDraft(filters.tag ?? "");
  const [textDraft, setTextDraft] = useDraft(filters.q ?? "");
  const [panelOpen, setPanelOpen] = useState(false);
  const narrow = Grid.useBreakpoint().md === false;
  // On a phone the requester select narrows so that it fits beside its label.
  const wideField = narrow ? 150 : 220;
  const submit = (event: FormEvent) => event.preventDefault();

  const searchProps = {
    id: "ticket-filter-q",
    allowClear: true,
    value: textDraft,
    onChange: (event: ChangeEvent<HTMLInputElement>) => setTextDraft(event.target.value),
    onSearch: (value: string) => onChange({ q: value.trim() || undefined }),
  };

  const folded = (
    <>
      <Form.Item label="Status" htmlFor="ticket-filter-status">
        <StatusSelect
          id="ticket-filter-status"
          allowClear
          placeholder="Any"
          value={filters.status}
          onChange={(status) => onChange({ status })}
          style={{ width: 140 }}
        />
      </Form.Item>
      <Form.Item label="Priority" htmlFor="ticket-filter-priority">
        <PrioritySelect
          id="ticket-filter-priority"
          allowClear
          placeholder="Any"
          value={filters.priority}
          onChange={(priority) => onChange({ priority })}
          style={{ width: 120 }}
        />
      </Form.Item>
      <Form.Item label="SLA" htmlFor="ticket-filter-sla">
        <Select<SlaStatus>
          id="ticket-filter-sla"
          allowClear
          placeholder="Any"
          value={filters.sla}
          onChange={(sla) => onChange({ sla })}
          options={SLA_STATUSES.map((value) => ({ value, label: SLA_FILTER_LABELS[value] }))}
          style={{ width: 120 }}
        />
      </Form.Item>
      {showRequester ? (
        <Form.Item label="Requester" htmlFor="ticket-filter-requester">
          <UserSelect
            id="ticket-filter-requester"
            allowClear
            placeholder="Anyone"
            value={filters.requesterId}
            onChange={(requesterId) => onChange({ requesterId })}
            style={{ width: wideField }}
          />
        </Form.Item>
      ) : null}
      <Form.Item label="Tag" htmlFor="ticket-filter-tag">
        <Input.Search
          id="ticket-filter-tag"
          placeholder="e.g. billing"
          allowClear
          value={tagDraft}
          onChange={(event) => setTagDraft(event.target.value)}
          onSearch={(value) => onChange({ tag: value.trim().toLowerCase() || undefined })}
          style={{ width: 160 }}
        />
      </Form.Item>
      {filtered ? (
        <Form.Item>
          <Button onClick={onClear}>Clear filters</Button>
        </Form.Item>
      ) : null}
    </>
  );

  if (!narrow) {
    return (
      <Form layout="inline" aria-label="Ticket filters" style={{ rowGap: 12 }} onSubmitCapture={submit}>
        <Form.Item label="Search" htmlFor="ticket-filter-q">
          <Input.Search {...searchProps} placeholder="Title or content" style={{ width: wideField }} />
        </Form.Item>
        {folded}
      </Form>
    );
  }

  const foldedCount = countFoldedFilters(filters, showRequester);
  return (
    <Form layout="inline" aria-label="Ticket filters" style={{ rowGap: 12 }} onSubmitCapture={submit}>
      {/* The search box names itself, sparing a label's line above the list. */}
      <Flex gap={8} style={{ width: "100%" }}>
        <Input.Search {...searchProps} aria-label="Search" placeholder="Search title or content" style={{ flex: "1 1 auto", minWidth: 0 }} />
        <Button
          icon={<FilterOutlined aria-hidden />}
          aria-expanded={panelOpen}
          aria-controls={PANEL_ID}
          onClick={() => setPanelOpen((open) => !open)}
        >
          {foldedCount > 0 ? `Filters (${foldedCount})` : "Filters"}
        </Button>
      </Flex>
      <div id={PANEL_ID} role="group" aria-label="More filters" hidden={!panelOpen} style={{ width: "100%" }}>
        {panelOpen ? (
          <Flex wrap style={{ rowGap: 12 }}>
            {folded}
          </Flex>
        ) : null}
      </div>
    </Form>
  );
}
