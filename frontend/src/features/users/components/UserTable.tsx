import { Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link, useNavigate } from "react-router-dom";
import type { User } from "../../../api/types";
import { formatDateTime } from "../../../shared/format";
import { navigateOnRowClick } from "../../../shared/rowNavigation";

interface UserTableProps {
  users: User[];
  total: number;
  loading: boolean;
  page: number;
  pageSize: number;
  onPageChange: (page: number, pageSize: number) => void;
}

const columns: ColumnsType<User> = [
  { title: "ID", dataIndex: "id", width: 80 },
  { title: "Name", dataIndex: "name", render: (name: string, user) => <Link to={`/users/${user.id}`}>{name}</Link> },
  { title: "Email", dataIndex: "email" },
  { title: "Created", dataIndex: "created_at", width: 200, render: (createdAt: string) => formatDateTime(createdAt) },
];

export function UserTable({ users, total, loading, page, pageSize, onPageChange }: UserTableProps) {
  const navigate = useNavigate();
  return (
    <Table<User>
      rowKey="id"
      columns={columns}
      dataSource={users}
      loading={loading}
      onRow={(user) => navigateOnRowClick(() => navigate(`/users/${user.id}`))}
      locale={{ emptyText: "No users yet" }}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        showTotal: (count) => `${count} ${count === 1 ? "user" : "users"}`,
        onChange: onPageChange,
      }}
    />
  );
}
