import { MenuOutlined } from "@ant-design/icons";
import { Button, Drawer, Grid, Layout, Menu, Typography } from "antd";
import { useState } from "react";
import { Link, Outlet, useLocation } from "react-router-dom";
import { AccountMenu } from "../features/auth/components/AccountMenu";
import { useCurrentAccount } from "../features/auth/currentAccount";
import { homePathFor } from "../features/auth/permissions";
import { activeNavigationPath, navigationFor, type NavigationItem } from "./navigation";

const { Sider, Header, Content } = Layout;

interface MainMenuProps {
  items: NavigationItem[];
  activePath: string | undefined;
  theme: "dark" | "light";
  /** Called when an entry is chosen (the phone's drawer closes). */
  onNavigate?: () => void;
}

function MainMenu({ items, activePath, theme, onNavigate }: MainMenuProps) {
  return (
    <nav aria-label="Main">
      <Menu
        theme={theme}
        mode="inline"
        selectedKeys={activePath ? [activePath] : []}
        onClick={onNavigate}
        items={items.map((item) => ({
          key: item.path,
          icon: item.icon,
          label: <Link to={item.path}>{item.label}</Link>,
        }))}
      />
    </nav>
  );
}

/**
 * The console's frame: side menu, header and the current page. From 768 px the menu is a side
 * bar (folded to icons below 1200 px); on a phone it leaves the page the whole width and opens
 * as a drawer from the header's menu button.
 */
export function AppLayout() {
  const { pathname } = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { account, permissions } = useCurrentAccount();
  const items = navigationFor(permissions);
  const activePath = activeNavigationPath(pathname, items);
  // A phone (below 768 px): no side bar, narrower margins, and the header keeps only the menu button and the account menu.
  const narrow = Grid.useBreakpoint().md === false;
  const gutter = narrow ? 12 : 24;
  const homePath = homePathFor(account.role);
  const closeDrawer = () => setDrawerOpen(false);

  return (
    <Layout style={{ minHeight: "100vh" }} hasSider={!narrow}>
      {narrow ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={closeDrawer}
          width={260}
          title={
            <Link to={homePath} aria-label="AstraTickets home" onClick={closeDrawer}>
              AstraTickets
            </Link>
          }
          styles={{ body: { padding: 0 } }}
        >
          <MainMenu items={items} activePath={activePath} theme="light" onNavigate={closeDrawer} />
        </Drawer>
      ) : (
        <Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="xl"
          width={208}
          theme="dark"
          style={{ position: "sticky", top: 0, height: "100vh", overflow: "auto" }}
        >
          <Link
            to={homePath}
            aria-label="AstraTickets home"
            style={{ display: "block", padding: "16px 20px", color: "#fff", fontWeight: 600, fontSize: 18, whiteSpace: "nowrap" }}
          >
            {collapsed ? "AT" : "AstraTickets"}
          </Link>
          <MainMenu items={items} activePath={activePath} theme="dark" />
        </Sider>
      )}
      <Layout>
        <Header
          style={{
            background: "#fff",
            padding: `0 ${gutter}px`,
            borderBottom: "1px solid #f0f0f0",
            display: "flex",
            alignItems: "center",
            justifyContent: "space-between",
            gap: narrow ? 8 : 16,
          }}
        >
          {narrow ? (
            <Button
              type="text"
              icon={<MenuOutlined aria-hidden />}
              aria-label="Open menu"
              aria-expanded={drawerOpen}
              onClick={() => setDrawerOpen(true)}
              style={{ flex: "none" }}
            />
          ) : (
            <Typography.Text type="secondary">{permissions.staff ? "Support console" : "Customer support"}</Typography.Text>
          )}
          <AccountMenu />
        </Header>
        <Content style={{ padding: gutter, minWidth: 0 }}>
          <main>
            <Outlet />
          </main>
        </Content>
      </Layout>
    </Layout>
  );
}
