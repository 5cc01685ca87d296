import type { RouteObject } from "react-router-dom";
import { accountRoutes } from "../features/account/routes";
import { RequireAuth } from "../features/auth/components/RequireAuth";
import { aiRoutes } from "../features/ai/routes";
import { authRoutes } from "../features/auth/routes";
import { dashboardRoutes } from "../features/dashboard/routes";
import { homeRoutes } from "../features/home/routes";
import { knowledgeRoutes } from "../features/knowledge/routes";
import { slaRoutes } from "../features/sla/routes";
import { ticketRoutes } from "../features/tickets/routes";
import { userRoutes } from "../features/users/routes";
import { AppLayout } from "./AppLayout";
import { NotFoundPage } from "./NotFoundPage";

/**
 * Every page of the console. The sign-in pages are open to anyone; everything else needs a
 * signed-in account (`RequireAuth`), and some routes a role (`RequirePermission`, in the
 * feature's `routes`). A new feature adds its `routes` array here.
 */
export const appRoutes: RouteObject[] = [
  ...authRoutes,
  {
    element: <RequireAuth />,
    children: [
      {
        path: "/",
        element: <AppLayout />,
        children: [
          ...homeRoutes,
          ...ticketRoutes,
          ...dashboardRoutes,
          ...slaRoutes,
          ...knowledgeRoutes,
          ...aiRoutes,
          ...userRoutes,
          ...accountRoutes,
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
