import { Select, Spin } from "antd";
import { useMemo, useState } from "react";
import type { User } from "../../../api/types";
import { useDebouncedValue } from "../../../shared/useDebouncedValue";
import { useUsers } from "../hooks/useUsers";
import { useUsersByIds } from "../hooks/useUsersByIds";
import { userLabel } from "../userLabel";

interface UserSelectProps {
  id?: string;
  value?: number | null;
  onChange?: (userId: number | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  status?: "error" | "warning" | "";
  style?: React.CSSProperties;
  "aria-label"?: string;
}

const SEARCH_PAGE_SIZE = 20;

/** Picks a user; the list is searched on the server (`q`) as the agent types. */
export function UserSelect({ value, onChange, placeholder = "Search by name or e-mail", ...selectProps }: UserSelectProps) {
  const [search, setSearch] = useState("");
  const debouncedSearch = useDebouncedValue(search.trim(), 250);
  const results = useUsers({ q: debouncedSearch || undefined, page_size: SEARCH_PAGE_SIZE });
  const selectedIds = useMemo(() => (typeof value === "number" ? [value] : []), [value]);
  const { usersById: selectedUsers } = useUsersByIds(selectedIds);

  const options = useMemo(() => {
    const users = new Map<number, User>();
    for (const user of selectedUsers.values()) users.set(user.id, user);
    for (const user of results.data?.items ?? []) users.set(user.id, user);
    return [...users.values()].map((user) => ({ value: user.id, label: userLabel(user) }));
  }, [results.data, selectedUsers]);

  const searching = results.isFetching || search.trim() !== debouncedSearch;

  return (
    <Select<number>
      {...selectProps}
      showSearch
      filterOption={false}
      searchValue={search}
      onSearch={setSearch}
      value={value ?? undefined}
      onChange={(userId) => {
        setSearch("");
        onChange?.(userId);
      }}
      onClear={() => onChange?.(undefined)}
      options={options}
      placeholder={placeholder}
      loading={searching}
      notFoundContent={searching ? <Spin size="small" /> : "No users found"}
    />
  );
}
