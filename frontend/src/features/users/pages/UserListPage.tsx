import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Input } from "antd";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { PageHeader } from "../../../shared/PageHeader";
import { useDraft } from "../../../shared/useDraft";
import { CreateUserModal } from "../components/CreateUserModal";
import { UserTable } from "../components/UserTable";
import { useUsers } from "../hooks/useUsers";

const DEFAULT_PAGE_SIZE = 20;

function positiveInteger(raw: string | null, fallback: number): number {
  const value = raw === null ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function UserListPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const q = searchParams.get("q")?.trim() || undefined;
  const page = positiveInteger(searchParams.get("page"), 1);
  const pageSize = positiveInteger(searchParams.get("page_size"), DEFAULT_PAGE_SIZE);
  const users = useUsers({ q, page, page_size: pageSize });
  const [searchDraft, setSearchDraft] = useDraft(q ?? "");
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const { message } = App.useApp();

  const changeView = (next: { q?: string; page: number; pageSize: number }) => {
    const params = new URLSearchParams();
    if (next.q) params.set("q", next.q);
    if (next.page !== 1) params.set("page", String(next.page));
    if (next.pageSize !== DEFAULT_PAGE_SIZE) params.set("page_size", String(next.pageSize));
    setSearchParams(params);
  };

  return (
    <>
      <PageHeader
        title="Users"
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
            New user
          </Button>
        }
      />
      <Card>
        <Input.Search
          aria-label="Search users"
          placeholder="Search by name or e-mail"
          value={searchDraft}
          onChange={(event) => setSearchDraft(event.target.value)}
          allowClear
          enterButton
          onSearch={(value) => changeView({ q: value.trim() || undefined, page: 1, pageSize })}
          style={{ maxWidth: 420, marginBottom: 16 }}
        />
        {users.error ? (
          <ErrorAlert error={users.error} title="Could not load users" onRetry={() => void users.refetch()} />
        ) : (
          <UserTable
            users={users.data?.items ?? []}
            total={users.data?.total ?? 0}
            loading={users.isFetching}
            page={page}
            pageSize={pageSize}
            onPageChange={(nextPage, nextPageSize) =>
              changeView({ q, page: nextPageSize === pageSize ? nextPage : 1, pageSize: nextPageSize })
            }
          />
        )}
      </Card>
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          setCreating(false);
          void message.success(`User ${user.name} created`);
          navigate(`/users/${user.id}`);
        }}
      />
    </>
  );
}
