import type { RouteObject } from "react-router-dom";
import { RequirePermission } from "../auth/components/RequirePermission";
import { UserDetailPage } from "./pages/UserDetailPage";
import { UserListPage } from "./pages/UserListPage";

/** Staff only: customers are sent to their own tickets. */
export const userRoutes: RouteObject[] = [
  {
    element: <RequirePermission permission="seeUsers" />,
    children: [
      { path: "users", element: <UserListPage /> },
      { path: "users/:userId", element: <UserDetailPage /> },
    ],
  },
];
