import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { UserListQuery } from "../../../api/types";
import { listUsers, userKeys } from "../api";

/** A page of users, optionally searched with `q`. */
export function useUsers(query: UserListQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: userKeys.list(query),
    queryFn: () => listUsers(query),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}
