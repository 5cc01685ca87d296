import { useQuery } from "@tanstack/react-query";
import { getUser, userKeys } from "../api";

export function useUser(id: number) {
  return useQuery({ queryKey: userKeys.detail(id), queryFn: () => getUser(id) });
}
