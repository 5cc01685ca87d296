import { Navigate, Outlet } from "react-router-dom";
import { useCurrentAccount } from "../currentAccount";
import { homePathFor, type Permissions } from "../permissions";

/** Pages for some roles only: anyone else is sent to their own home page. */
export function RequirePermission({ permission }: { permission: keyof Permissions }) {
  const { account, permissions } = useCurrentAccount();
  if (!permissions[permission]) return <Navigate to={homePathFor(account.role)} replace />;
  return <Outlet />;
}
