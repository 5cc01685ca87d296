import { Card, Space, Typography } from "antd";
import { PageHeader } from "../../../shared/PageHeader";
import { useCurrentAccount } from "../../auth/currentAccount";
import { ChangePasswordForm } from "../components/ChangePasswordForm";
import { ProfileForm } from "../components/ProfileForm";

/** The signed-in account's own page (every role): its name, e-mail and role, and its password. */
export function MyAccountPage() {
  const { account } = useCurrentAccount();
  return (
    <>
      <PageHeader title="My account" subtitle={account.email} />
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>Profile</h2>}>
          <ProfileForm account={account} />
        </Card>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>Change password</h2>}>
          <Typography.Paragraph type="secondary">
            Enter your current password to choose a new one. You stay signed in here; every other session of your account ends.
          </Typography.Paragraph>
          <ChangePasswordForm />
        </Card>
      </Space>
    </>
  );
}
