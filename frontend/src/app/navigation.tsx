import { HomeOutlined, InboxOutlined, TeamOutlined } from "@ant-design/icons";
import type { ReactNode } from "react";

export interface NavigationItem {
  /** Where the menu entry leads; it is highlighted for this path and everything under it. */
  path: string;
  label: string;
  icon: ReactNode;
}

/** The side menu. A new feature (Knowledge Base, Dashboard, ...) adds its entry here. */
export const navigationItems: NavigationItem[] = [
  { path: "/", label: "Home", icon: <HomeOutlined aria-hidden /> },
  { path: "/tickets", label: "Tickets", icon: <InboxOutlined aria-hidden /> },
  { path: "/users", label: "Users", icon: <TeamOutlined aria-hidden /> },
];

/** The menu entry for a location: the longest path that the location starts with. */
export function activeNavigationPath(pathname: string): string | undefined {
  return navigationItems
    .map((item) => item.path)
    .filter((path) => (path === "/" ? pathname === "/" : pathname === path || pathname.startsWith(`${path}/`)))
    .sort((a, b) => b.length - a.length)[0];
}
