import { Col, Form, Input, Row, Select } from "antd";
import type { Rule } from "antd/es/form";
import type { ReactNode } from "react";
import type { TicketPriority, TicketStatus } from "../../../api/types";
import { UserSelect } from "../../users/components/UserSelect";
import { PrioritySelect, StatusSelect } from "./TicketFieldSelects";

/** The values of the new-ticket form and of the edit modal. */
export interface TicketFormValues {
  title: string;
  content: string;
  requester_id?: number;
  assignee_id?: number | null;
  status: TicketStatus;
  priority: TicketPriority;
  tags: string[];
  category?: string | null;
}

/** Form field names, which are also the API's field names (server field errors land on them). */
export const TICKET_FORM_FIELDS = [
  "title",
  "content",
  "requester_id",
  "assignee_id",
  "status",
  "priority",
  "tags",
  "category",
] as const;

const TITLE_MAX_LENGTH = 200;
const CONTENT_MAX_LENGTH = 20_000;
const CATEGORY_MAX_LENGTH = 100;

const titleRules: Rule[] = [
  { required: true, whitespace: true, message: "Title is required" },
  { max: TITLE_MAX_LENGTH, message: `Title must be at most ${TITLE_MAX_LENGTH} characters` },
];
const contentRules: Rule[] = [
  { required: true, whitespace: true, message: "Content is required" },
  { max: CONTENT_MAX_LENGTH, message: `Content must be at most ${CONTENT_MAX_LENGTH} characters` },
];
const requesterRules: Rule[] = [{ required: true, message: "Choose the requester" }];
const categoryRules: Rule[] = [{ max: CATEGORY_MAX_LENGTH, message: `Category must be at most ${CATEGORY_MAX_LENGTH} characters` }];

interface TicketFormFieldsProps {
  /** "create" asks for the requester; "edit" for the assignee. */
  mode: "create" | "edit";
  /**
   * Customers file tickets for themselves: no requester, and the status, category and
   * assignee are left to the support team. Default: the full form for staff.
   */
  customer?: boolean;
  /** Shown right under the content (the new-ticket form's suggested articles). */
  afterContent?: ReactNode;
}

export function TicketFormFields({ mode, customer = false, afterContent }: TicketFormFieldsProps) {
  return (
    <>
      <Form.Item label="Title" name="title" rules={titleRules} hasFeedback>
        <Input placeholder="Short summary of the problem" autoComplete="off" />
      </Form.Item>
      <Form.Item label="Content" name="content" rules={contentRules} hasFeedback>
        <Input.TextArea placeholder="What happened, what was expected" autoSize={{ minRows: 4, maxRows: 14 }} />
      </Form.Item>
      {afterContent}
      {customer ? (
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item label="Priority" name="priority">
              <PrioritySelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label="Tags" name="tags" extra="Optional. Press Enter or type a comma after each tag.">
              <Select mode="tags" tokenSeparators={[","]} placeholder="e.g. billing, login" suffixIcon={null} notFoundContent={null} />
            </Form.Item>
          </Col>
        </Row>
      ) : (
        <>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              {mode === "create" ? (
                <Form.Item label="Requester" name="requester_id" rules={requesterRules}>
                  <UserSelect placeholder="Search users by name or e-mail" />
                </Form.Item>
              ) : (
                <Form.Item label="Assignee" name="assignee_id">
                  <UserSelect placeholder="Unassigned" allowClear />
                </Form.Item>
              )}
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label="Status" name="status">
                <StatusSelect />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label="Priority" name="priority">
                <PrioritySelect />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={16}>
              <Form.Item label="Tags" name="tags" extra="Press Enter or type a comma after each tag.">
                <Select mode="tags" tokenSeparators={[","]} placeholder="e.g. billing, login" suffixIcon={null} notFoundContent={null} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label="Category" name="category" rules={categoryRules}>
                <Input placeholder="Optional" autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    </>
  );
}
