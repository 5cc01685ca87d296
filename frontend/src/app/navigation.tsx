import { BarChartOutlined, BookOutlined, ExperimentOutlined, FieldTimeOutlined, HomeOutlined, InboxOutlined, RobotOutlined, TeamOutlined } from "@ant-design/icons";
import type { ReactNode } from "react";
import type { Permissions } from "../features/auth/permissions";

export interface NavigationItem {
  /** Where the menu entry leads; it is highlighted for this path and everything under it. */
  path: string;
  label: string;
  icon: ReactNode;
  /** Shown only to accounts with this permission (default: everyone signed in). */
  permission?: keyof Permissions;
  /** The label for accounts that see only their own records (customers). */
  ownLabel?: string;
}

/** The side menu. A new feature (Knowledge Base, Dashboard, ...) adds its entry here. */
export const navigationItems: NavigationItem[] = [
  { path: "/", label: "Home", icon: <HomeOutlined aria-hidden />, permission: "seeAllTickets" },
  { path: "/tickets", label: "Tickets", ownLabel: "My tickets", icon: <InboxOutlined aria-hidden /> },
  { path: "/dashboard", label: "Dashboard", icon: <BarChartOutlined aria-hidden />, permission: "seeDashboard" },
  { path: "/kb", label: "Knowledge base", icon: <BookOutlined aria-hidden />, permission: "searchKnowledge" },
  { path: "/ai/chat", label: "AI chat", icon: <RobotOutlined aria-hidden />, permission: "aiAssistant" },
  { path: "/users", label: "Users", icon: <TeamOutlined aria-hidden />, permission: "seeUsers" },
  { path: "/settings/sla", label: "SLA policy", icon: <FieldTimeOutlined aria-hidden />, permission: "seeSlaPolicy" },
  { path: "/admin/ai", label: "AI settings", icon: <ExperimentOutlined aria-hidden />, permission: "manageAi" },
];

/** The menu entries an account may use, labelled for it. */
export function navigationFor(permissions: Permissions): NavigationItem[] {
  return navigationItems
    .filter((item) => item.permission === undefined || permissions[item.permission])
    .map((item) => ({ ...item, label: !permissions.seeAllTickets && item.ownLabel ? item.ownLabel : item.label }));
}

/** The menu entry for a location: the longest path that the location starts with. */
export function activeNavigationPath(pathname: string, items: readonly NavigationItem[] = navigationItems): string | undefined {
  return items
    .map((item) => item.path)
    .filter((path) => (path === "/" ? pathname === "/" : pathname === path || pathname.startsWith(`${path}/`)))
    .sort((a, b) => b.length - a.length)[0];
}
