import { Grid, Layout, Menu, Typography } from "antd";
import { useState } from "react";
import { Link, Outlet, useLocation } from "react-router-dom";
import { AccountMenu } from "../features/auth/components/AccountMenu";
import { useCurrentAccount } from "../features/auth/currentAccount";
import { homePathFor } from "../features/auth/permissions";
import { activeNavigationPath, navigationFor } from "./navigation";

const { Sider, Header, Content } = Layout;

/** The console's frame: side menu, header and the current page. */
export function AppLayout() {
  const { pathname } = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const { account, permissions } = useCurrentAccount();
  const items = navigationFor(permissions);
  const activePath = activeNavigationPath(pathname, items);
  // A phone (below 768 px): narrower margins, and the header keeps only the account menu.
  const narrow = Grid.useBreakpoint().md === false;
  const gutter = narrow ? 12 : 24;

  return (
    <Layout style={{ minHeight: "100vh" }} hasSider>
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
          to={homePathFor(account.role)}
          aria-label="AstraTickets home"
          style={{ display: "block", padding: "16px 20px", color: "#fff", fontWeight: 600, fontSize: 18, whiteSpace: "nowrap" }}
        >
          {collapsed ? "AT" : "AstraTickets"}
        </Link>
        <nav aria-label="Main">
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={activePath ? [activePath] : []}
            items={items.map((item) => ({
              key: item.path,
              icon: item.icon,
              label: <Link to={item.path}>{item.label}</Link>,
            }))}
          />
        </nav>
      </Sider>
      <Layout>
        <Header style={{ background: "#fff", padding: `0 ${gutter}px`, borderBottom: "1px solid #f0f0f0", display: "flex", alignItems: "center", justifyContent: narrow ? "flex-end" : "space-between", gap: 16 }}>
          {narrow ? null : <Typography.Text type="secondary">{permissions.staff ? "Support console" : "Customer support"}</Typography.Text>}
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
