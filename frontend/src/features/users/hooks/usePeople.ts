import { useMemo } from "react";
import type { User } from "../../../api/types";
import { useCurrentAccount } from "../../auth/currentAccount";
import { useUsersByIds } from "./useUsersByIds";

const NOBODY: readonly number[] = [];

/**
 * Names for account ids (requesters, assignees, reply authors, activity). Staff look them up
 * in one request; customers may not list accounts, so they know only themselves.
 * `linkable` says whether names may link to the users pages.
 */
export function usePeople(ids: readonly (number | null | undefined)[]) {
  const { account, permissions } = useCurrentAccount();
  const lookup = useUsersByIds(permissions.seeUsers ? ids : NOBODY);
  const usersById = useMemo(
    () => (permissions.seeUsers ? lookup.usersById : new Map<number, User>([[account.id, account]])),
    [permissions.seeUsers, lookup.usersById, account],
  );
  return { usersById, linkable: permissions.seeUsers };
}
