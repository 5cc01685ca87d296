import { LockOutlined, MailOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Form, Input, Typography } from "antd";
import { useState } from "react";
import { Link, Navigate, useSearchParams } from "react-router-dom";
import { isApiError } from "../../../api/problem";
import { isExpired, sessionEndReason, startSession, useSession } from "../../../api/session";
import { authKeys, getAuthOptions, requestToken } from "../api";
import { AuthCard } from "../components/AuthCard";
import { useCountdown } from "../hooks/useCountdown";
import { signInErrorMessage, tooManyAttemptsMessage } from "../messages";
import { safeNextPath } from "../redirect";

interface SignInValues {
  email: string;
  password: string;
}

/** Seconds to wait after a 429 that did not say (it normally sends Retry-After). */
const DEFAULT_RETRY_AFTER = 60;

export function LoginPage() {
  const session = useSession();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get("next"));
  const [form] = Form.useForm<SignInValues>();
  const [error, setError] = useState<unknown>(null);
  const retry = useCountdown();
  const [submitting, setSubmitting] = useState(false);
  const [endReason] = useState(sessionEndReason);
  // Sign-up is offered only when the server says it is open (nothing is said while it is not known).
  const options = useQuery({ queryKey: authKeys.options(), queryFn: getAuthOptions, staleTime: 5 * 60_000 });

  if (session && !isExpired(session)) return <Navigate to={next ?? "/"} replace />;

  const submit = async ({ email, password }: SignInValues) => {
    setError(null);
    retry.stop();
    setSubmitting(true);
    try {
      startSession(await requestToken(email.trim(), password));
      // The session re-renders this page, which then goes on to `next`.
    } catch (failure) {
      setSubmitting(false);
      setError(failure);
      if (isApiError(failure, 429)) retry.start(failure.retryAfterSeconds ?? DEFAULT_RETRY_AFTER);
      form.setFieldValue("password", "");
    }
  };

  const throttled = isApiError(error, 429);
  const signUpHref = next ? `/signup?next=${encodeURIComponent(next)}` : "/signup";

  return (
    <AuthCard
      title="Sign in"
      footer={
        options.data?.signup_open === true ? (
          <Typography.Text type="secondary">
            New customer? <Link to={signUpHref}>Create an account</Link>
          </Typography.Text>
        ) : options.data?.signup_open === false ? (
          <Typography.Text type="secondary">No account yet? Ask an administrator for one.</Typography.Text>
        ) : null
      }
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={throttled ? tooManyAttemptsMessage(retry.secondsLeft) : signInErrorMessage(error)}
          style={{ marginBottom: 16 }}
        />
      ) : endReason === "expired" ? (
        <Alert type="info" showIcon message="Your session has ended. Sign in again to continue." style={{ marginBottom: 16 }} />
      ) : null}
      <Form<SignInValues> form={form} name="sign-in" layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          label="Email"
          name="email"
          rules={[
            { required: true, whitespace: true, message: "Enter your e-mail address" },
            { type: "email", message: "Enter a valid e-mail address" },
          ]}
        >
          <Input prefix={<MailOutlined aria-hidden />} type="email" autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item label="Password" name="password" rules={[{ required: true, message: "Enter your password" }]}>
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} disabled={throttled && retry.secondsLeft > 0}>
          Sign in
        </Button>
      </Form>
    </AuthCard>
  );
}
