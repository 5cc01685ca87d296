import { Button, Result } from "antd";
import { useNavigate } from "react-router-dom";
import { useCurrentAccount } from "../features/auth/currentAccount";
import { homePathFor } from "../features/auth/permissions";

export function NotFoundPage() {
  const navigate = useNavigate();
  const { account } = useCurrentAccount();
  return (
    <Result status="404" title="Page not found" extra={<Button onClick={() => navigate(homePathFor(account.role))}>Go home</Button>} />
  );
}
