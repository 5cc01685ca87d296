import type { RouteObject } from "react-router-dom";
import { RequirePermission } from "../auth/components/RequirePermission";
import { KnowledgeBasePage } from "./pages/KnowledgeBasePage";

/** Agents search, admins manage; customers only get suggestions on the new-ticket form. */
export const knowledgeRoutes: RouteObject[] = [
  { element: <RequirePermission permission="searchKnowledge" />, children: [{ path: "kb", element: <KnowledgeBasePage /> }] },
];
