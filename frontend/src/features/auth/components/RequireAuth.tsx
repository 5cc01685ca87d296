import { LoadingOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Flex, Result, Spin } from "antd";
import { useEffect, useMemo, useState } from "react";
import { Navigate, Outlet, useLocation } from "react-router-dom";
import { describeError } from "../../../api/problem";
import { endSession, isExpired, sessionEndReason, useSession } from "../../../api/session";
import { authKeys, getCurrentAccount } from "../api";
import { CurrentAccountContext, currentAccountOf } from "../currentAccount";
import { useSessionRenewal } from "../hooks/useSessionRenewal";
import { loginPath } from "../redirect";

/** setTimeout's longest delay (about 24.8 days); longer sessions are re-checked when it fires. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/**
 * The gate of the signed-in console: without a valid session it sends the browser to the
 * sign-in page (remembering where it was going); with one, it loads the account and gives
 * the pages below it `useCurrentAccount()`. While it is open the token is renewed before it
 * expires (`useSessionRenewal`); the session ends by itself when a token expires unrenewed.
 */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  const expired = session !== null && isExpired(session);
  const [recheck, setRecheck] = useState(0);

  useEffect(() => {
    if (expired) endSession("expired");
  }, [expired]);

  useEffect(() => {
    if (!session || expired) return;
    const delay = Math.min(Math.max(0, session.expiresAt - Date.now()), MAX_TIMER_DELAY);
    const timer = setTimeout(() => {
      if (isExpired(session)) endSession("expired");
      else setRecheck((count) => count + 1);
    }, delay);
    return () => clearTimeout(timer);
  }, [session, expired, recheck]);

  useSessionRenewal(expired ? null : session);

  if (!session || expired) {
    // After an explicit sign-out the next person starts from home, not from the last page.
    const returnTo = sessionEndReason() === "signed-out" ? undefined : `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={loginPath(returnTo)} replace />;
  }
  return <SignedIn />;
}

function SignedIn() {
  const me = useQuery({ queryKey: authKeys.me(), queryFn: getCurrentAccount, staleTime: 5 * 60_000 });
  const current = useMemo(() => (me.data ? currentAccountOf(me.data) : null), [me.data]);

  if (me.error) {
    return (
      <Result
        status="error"
        title="Could not load your account"
        subTitle={describeError(me.error).message}
        extra={[
          <Button key="retry" type="primary" onClick={() => void me.refetch()}>
            Retry
          </Button>,
          <Button key="sign-out" onClick={() => endSession("signed-out")}>
            Sign out
          </Button>,
        ]}
      />
    );
  }
  if (!current) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: "100vh" }}>
        <Spin indicator={<LoadingOutlined spin />} size="large" aria-label="Loading your account" />
      </Flex>
    );
  }
  return (
    <CurrentAccountContext.Provider value={current}>
      <Outlet />
    </CurrentAccountContext.Provider>
  );
}
