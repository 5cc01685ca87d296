import { LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { Button, Flex, Tag, Typography } from "antd";
import { Link } from "react-router-dom";
import { endSession } from "../../../api/session";
import { useCurrentAccount } from "../currentAccount";
import { ROLE_COLORS, ROLE_LABELS } from "../permissions";

/** The header's right side: who is signed in, as what, their own account page and the way out. */
export function AccountMenu() {
  const { account } = useCurrentAccount();
  return (
    <Flex align="center" gap="small" aria-label="Signed-in account" role="group">
      <UserOutlined aria-hidden />
      <Typography.Text strong ellipsis style={{ maxWidth: 240 }}>
        {account.name}
      </Typography.Text>
      <Tag color={ROLE_COLORS[account.role]} style={{ marginInlineEnd: 0 }}>
        {ROLE_LABELS[account.role]}
      </Tag>
      <Link to="/account">My account</Link>
      <Button icon={<LogoutOutlined aria-hidden />} onClick={() => endSession("signed-out")}>
        Sign out
      </Button>
    </Flex>
  );
}
