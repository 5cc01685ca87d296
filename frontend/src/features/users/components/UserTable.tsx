import { Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link, useNavigate } from "react-router-dom";
import type { User } from "../../../api/types";
import { formatDateTime } from "../../../shared/format";
import { navigateOnRowClick } from "../../../shared/rowNavigation";
import { usePermissions } from "../../auth/currentAccount";
import { AccountActions, RoleSelect } from "./AccountControls";
import { ActiveTag, RoleTag } from "./AccountBadges";

interface UserTableProps {
  users: User[];
  total: number;
  loading: boolean;
  page: number;
  pageSize: number;
  onPageChange: (page: number, pageSize: number) => void;
}

function userColumns(manageAccounts: boolean): ColumnsType<User> {
  const columns: ColumnsType<User> = [
    { title: "ID", dataIndex: "id", width: 64 },
    { title: "Name", dataIndex: "name", ellipsis: true, render: (name: string, user) => <Link to={`/users/${user.id}`}>{name}</Link> },
    { title: "Email", dataIndex: "email", ellipsis: true },
    {
      title: "Role",
      dataIndex: "role",
      width: manageAccounts ? 140 : 100,
      render: (_, user) => (manageAccounts ? <RoleSelect user={user} /> : <RoleTag role={user.role} />),
    },
    { title: "Status", dataIndex: "active", width: 110, render: (active: boolean) => <ActiveTag active={active} /> },
    { title: "Created", dataIndex: "created_at", width: 180, render: (createdAt: string) => formatDateTime(createdAt) },
  ];
  if (manageAccounts) {
    columns.push({ title: "Actions", key: "actions", width: 110, render: (_, user) => <AccountActions user={user} compact /> });
  }
  return columns;
}

/** Accounts; admins change roles, deactivate or reactivate, and set passwords right in the table. */
export function UserTable({ users, total, loading, page, pageSize, onPageChange }: UserTableProps) {
  const navigate = useNavigate();
  const { manageAccounts } = usePermissions();
  const columns = userColumns(manageAccounts);
  return (
    <Table<User>
      rowKey="id"
      columns={columns}
      dataSource={users}
      loading={loading}
      scroll={{ x: manageAccounts ? 900 : 760 }}
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
