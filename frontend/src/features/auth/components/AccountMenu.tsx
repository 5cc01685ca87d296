import { LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { Button, Flex, Grid, Tag, Typography } from "antd";
import { Link } from "react-router-dom";
import { endSession } from "../../../api/session";
import { useCurrentAccount } from "../currentAccount";
import { ROLE_COLORS, ROLE_LABELS } from "../permissions";

/** The header's right side: who is signed in, as what, their own account page and the way out. */
export function AccountMenu() {
  const { account } = useCurrentAccount();
  // On a phone the name shortens first and "Sign out" keeps only its icon, so the header fits.
  const narrow = Grid.useBreakpoint().md === false;
  return (
    <Flex align="center" gap="small" aria-label="Signed-in account" role="group" style={{ minWidth: 0 }}>
      {narrow ? null : <UserOutlined aria-hidden />}
      <Typography.Text strong ellipsis style={{ maxWidth: 240, minWidth: 0 }}>
        {account.name}
      </Typography.Text>
      <Tag color={ROLE_COLORS[account.role]} style={{ marginInlineEnd: 0 }}>
        {ROLE_LABELS[account.role]}
      </Tag>
      <Link to="/account" style={{ whiteSpace: "nowrap" }}>
        My account
      </Link>
      <Button icon={<LogoutOutlined aria-hidden />} aria-label="Sign out" title={narrow ? "Sign out" : undefined} onClick={() => endSession("signed-out")}>
        {narrow ? null : "Sign out"}
      </Button>
    </Flex>
  );
}
