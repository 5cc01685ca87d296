import type { RouteObject } from "react-router-dom";
import { RequirePermission } from "../auth/components/RequirePermission";
import { HomePage } from "./pages/HomePage";

/** The queues of the whole helpdesk are for staff; customers start at their own tickets. */
export const homeRoutes: RouteObject[] = [
  { element: <RequirePermission permission="seeAllTickets" />, children: [{ index: true, element: <HomePage /> }] },
];
