import type { RouteObject } from "react-router-dom";
import { RequirePermission } from "../auth/components/RequirePermission";

/** Agents and admins. Loaded on first visit: the charts library is most of its weight. */
export const dashboardRoutes: RouteObject[] = [
  {
    element: <RequirePermission permission="seeDashboard" />,
    children: [{ path: "dashboard", lazy: () => import("./pages/DashboardPage").then(({ DashboardPage }) => ({ Component: DashboardPage })) }],
  },
];
