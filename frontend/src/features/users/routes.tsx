import type { RouteObject } from "react-router-dom";
import { UserDetailPage } from "./pages/UserDetailPage";
import { UserListPage } from "./pages/UserListPage";

export const userRoutes: RouteObject[] = [
  { path: "users", element: <UserListPage /> },
  { path: "users/:userId", element: <UserDetailPage /> },
];
