import { createContext, useContext } from "react";
import type { User } from "../../api/types";
import { permissionsOf, type Permissions } from "./permissions";

export interface CurrentAccount {
  account: User;
  permissions: Permissions;
}

export const CurrentAccountContext = createContext<CurrentAccount | null>(null);

/** The signed-in account and what it may do; only inside the signed-in part of the console. */
export function useCurrentAccount(): CurrentAccount {
  const current = useContext(CurrentAccountContext);
  if (!current) throw new Error("useCurrentAccount() is used outside <RequireAuth>");
  return current;
}

export function usePermissions(): Permissions {
  return useCurrentAccount().permissions;
}

export function currentAccountOf(account: User): CurrentAccount {
  return { account, permissions: permissionsOf(account.role) };
}
