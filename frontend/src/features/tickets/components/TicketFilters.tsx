import { Button, Form, Grid, Input, Select } from "antd";
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

/** Status, priority, SLA, requester, tag and free-text filters of the ticket list. */
export function TicketFilters({ filters, onChange, onClear, filtered, showRequester = true }: TicketFiltersProps) {
  const [tagDraft, setTagDraft] = useDraft(filters.tag ?? "");
  const [textDraft, setTextDraft] = useDraft(filters.q ?? "");
  // On a phone the two wide fields narrow so that each fits beside its label.
  const wideField = Grid.useBreakpoint().md === false ? 150 : 220;

  return (
    <Form layout="inline" aria-label="Ticket filters" style={{ rowGap: 12 }} onSubmitCapture={(event) => event.preventDefault()}>
      <Form.Item label="Search" htmlFor="ticket-filter-q">
        <Input.Search
          id="ticket-filter-q"
          placeholder="Title or content"
          allowClear
          value={textDraft}
          onChange={(event) => setTextDraft(event.target.value)}
          onSearch={(value) => onChange({ q: value.trim() || undefined })}
          style={{ width: wideField }}
        />
      </Form.Item>
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
    </Form>
  );
}
