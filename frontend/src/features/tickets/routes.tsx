import type { RouteObject } from "react-router-dom";
import { NewTicketPage } from "./pages/NewTicketPage";
import { TicketDetailPage } from "./pages/TicketDetailPage";
import { TicketListPage } from "./pages/TicketListPage";

export const ticketRoutes: RouteObject[] = [
  { path: "tickets", element: <TicketListPage /> },
  { path: "tickets/new", element: <NewTicketPage /> },
  { path: "tickets/:ticketId", element: <TicketDetailPage /> },
];
