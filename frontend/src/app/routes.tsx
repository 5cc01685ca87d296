import type { RouteObject } from "react-router-dom";
import { homeRoutes } from "../features/home/routes";
import { ticketRoutes } from "../features/tickets/routes";
import { userRoutes } from "../features/users/routes";
import { AppLayout } from "./AppLayout";
import { NotFoundPage } from "./NotFoundPage";

/** Every page of the console. A new feature adds its `routes` array here. */
export const appRoutes: RouteObject[] = [
  {
    path: "/",
    element: <AppLayout />,
    children: [...homeRoutes, ...ticketRoutes, ...userRoutes, { path: "*", element: <NotFoundPage /> }],
  },
];
