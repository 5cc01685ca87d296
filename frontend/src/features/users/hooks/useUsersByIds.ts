import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { User } from "../../../api/types";
import { listUsersByIds, userKeys } from "../api";

/**
 * Resolves user ids (requesters, reply authors) to users in a single request.
 * Returns a lookup that is empty while loading.
 */
export function useUsersByIds(ids: readonly (number | null | undefined)[]) {
  const uniqueIds = useMemo(
    () => [...new Set(ids.filter((id): id is number => typeof id === "number"))].sort((a, b) => a - b),
    [ids],
  );
  const query = useQuery({
    queryKey: userKeys.byIds(uniqueIds),
    queryFn: () => listUsersByIds(uniqueIds),
    enabled: uniqueIds.length > 0,
    staleTime: 60_000,
  });
  const usersById = useMemo(() => new Map<number, User>((query.data ?? []).map((user) => [user.id, user])), [query.data]);
  return { usersById, isLoading: query.isLoading, error: query.error };
}
