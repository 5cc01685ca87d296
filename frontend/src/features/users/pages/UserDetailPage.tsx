import { DeleteOutlined } from "@ant-design/icons";
import { App, Button, Card, Descriptions, Result, Skeleton, Space } from "antd";
import { useMemo, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { describeError, isApiError } from "../../../api/problem";
import type { User } from "../../../api/types";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { formatDateTime } from "../../../shared/format";
import { PageHeader } from "../../../shared/PageHeader";
import { usePermissions } from "../../auth/currentAccount";
import { TicketTable, type TicketTablePaging } from "../../tickets/components/TicketTable";
import { useTickets } from "../../tickets/hooks/useTickets";
import { DEFAULT_SORT } from "../../tickets/ticketListSearch";
import { AccountActions, RoleSelect } from "../components/AccountControls";
import { ActiveTag, RoleTag } from "../components/AccountBadges";
import { useUser } from "../hooks/useUser";
import { useDeleteUser } from "../hooks/useUserMutations";

function UserNotFound() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="User not found"
      extra={<Button onClick={() => navigate("/users")}>Back to users</Button>}
    />
  );
}

export function UserDetailPage() {
  const { userId } = useParams();
  const id = Number(userId);
  if (!Number.isInteger(id) || id <= 0) return <UserNotFound />;
  return <UserDetail id={id} />;
}

function UserDetail({ id }: { id: number }) {
  const user = useUser(id);
  if (user.isPending) return <Skeleton active />;
  if (isApiError(user.error, 404)) return <UserNotFound />;
  if (user.error) return <ErrorAlert error={user.error} title="Could not load the user" onRetry={() => void user.refetch()} />;
  return <UserView user={user.data} />;
}

function UserView({ user }: { user: User }) {
  const [paging, setPaging] = useState<TicketTablePaging>({ page: 1, pageSize: 10, sort: DEFAULT_SORT });
  const tickets = useTickets({ requester_id: user.id, page: paging.page, page_size: paging.pageSize, sort: paging.sort });
  const usersById = useMemo(() => new Map([[user.id, user]]), [user]);
  const deleteUser = useDeleteUser();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const { manageAccounts } = usePermissions();

  const confirmDeletion = () =>
    modal.confirm({
      title: `Delete user ${user.name}?`,
      content: `This deletes the user ${user.email}. A user who still has tickets or replies cannot be deleted.`,
      okText: "Delete",
      okButtonProps: { danger: true },
      autoFocusButton: "cancel",
      onOk: async () => {
        try {
          await deleteUser.mutateAsync(user.id);
          void message.success(`User ${user.name} deleted`);
          navigate("/users");
        } catch (error) {
          void message.error(describeError(error).message, 6);
        }
      },
    });

  return (
    <>
      <PageHeader
        title={user.name}
        subtitle={user.email}
        extra={
          manageAccounts ? (
            <Button danger icon={<DeleteOutlined aria-hidden />} onClick={confirmDeletion}>
              Delete user
            </Button>
          ) : undefined
        }
      />
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <Card size="small">
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              { key: "id", label: "ID", children: user.id },
              { key: "email", label: "Email", children: user.email },
              { key: "created", label: "Created", children: formatDateTime(user.created_at) },
              { key: "role", label: "Role", children: manageAccounts ? <RoleSelect user={user} /> : <RoleTag role={user.role} /> },
              { key: "status", label: "Status", children: <ActiveTag active={user.active} /> },
            ]}
          />
          {manageAccounts ? (
            <div style={{ marginTop: 12 }}>
              <AccountActions user={user} />
            </div>
          ) : null}
        </Card>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>Tickets requested</h2>}>
          {tickets.error ? <ErrorAlert error={tickets.error} title="Could not load the tickets" /> : null}
          <TicketTable
            tickets={tickets.data?.items ?? []}
            total={tickets.data?.total ?? 0}
            loading={tickets.isFetching}
            usersById={usersById}
            {...paging}
            onChange={setPaging}
            emptyText={`${user.name} has not requested any tickets`}
            showRequester={false}
          />
        </Card>
      </Space>
    </>
  );
}
