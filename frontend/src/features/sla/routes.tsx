import type { RouteObject } from "react-router-dom";
import { RequirePermission } from "../auth/components/RequirePermission";
import { SlaPolicyPage } from "./pages/SlaPolicyPage";

/** Staff: agents read the SLA policy, admins change it; customers are sent to their own tickets. */
export const slaRoutes: RouteObject[] = [
  { element: <RequirePermission permission="seeSlaPolicy" />, children: [{ path: "settings/sla", element: <SlaPolicyPage /> }] },
];
