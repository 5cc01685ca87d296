import type { RouteObject } from "react-router-dom";
import { RequirePermission } from "../auth/components/RequirePermission";
import { AiChatPage } from "./pages/AiChatPage";
import { AiSettingsPage } from "./pages/AiSettingsPage";

/** The AI chat for staff; the AI settings for admins. (The ticket page's AI panels live on the ticket route.) */
export const aiRoutes: RouteObject[] = [
  { element: <RequirePermission permission="aiAssistant" />, children: [{ path: "ai/chat", element: <AiChatPage /> }] },
  { element: <RequirePermission permission="manageAi" />, children: [{ path: "admin/ai", element: <AiSettingsPage /> }] },
];
