import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Form, Input, Typography, type FormInstance } from "antd";
import { useState } from "react";
import { Link, Navigate, useSearchParams } from "react-router-dom";
import { describeError, isApiError } from "../../../api/problem";
import { isExpired, startSession, useSession } from "../../../api/session";
import { applyServerErrors } from "../../../shared/formErrors";
import { authKeys, getAuthOptions, requestToken, signUp } from "../api";
import { AuthCard } from "../components/AuthCard";
import { asSentence } from "../messages";
import { safeNextPath } from "../redirect";

interface SignUpValues {
  name: string;
  email: string;
  password: string;
  confirm: string;
}

const SIGN_UP_FIELDS = ["name", "email", "password"] as const;
const PASSWORD_MIN_LENGTH = 8;

/** Customers register themselves (when the server allows it: it says so when not), then are signed in. */
export function SignUpPage() {
  const session = useSession();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get("next"));
  const [form] = Form.useForm<SignUpValues>();
  const [formError, setFormError] = useState<{ title: string; detail: string | null } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const options = useQuery({ queryKey: authKeys.options(), queryFn: getAuthOptions, staleTime: 5 * 60_000 });

  if (session && !isExpired(session)) return <Navigate to={next ?? "/"} replace />;
  const signInHref = next ? `/login?next=${encodeURIComponent(next)}` : "/login";

  const submit = async (values: SignUpValues) => {
    setFormError(null);
    setSubmitting(true);
    const email = values.email.trim();
    try {
      await signUp({ name: values.name.trim(), email, password: values.password });
    } catch (error) {
      setSubmitting(false);
      if (isApiError(error, 403)) {
        setFormError({ title: "Sign-up is closed", detail: asSentence(describeError(error).message) });
        return;
      }
      const leftover = applyServerErrors(form, error, SIGN_UP_FIELDS);
      if (leftover) setFormError({ title: "The account was not created", detail: asSentence(leftover) });
      return;
    }
    try {
      startSession(await requestToken(email, values.password));
    } catch (error) {
      setSubmitting(false);
      setFormError({ title: "Your account was created, but signing in failed", detail: asSentence(describeError(error).message) });
    }
  };

  return (
    <AuthCard
      title="Create an account"
      footer={
        <Typography.Text type="secondary">
          Already have an account? <Link to={signInHref}>Sign in</Link>
        </Typography.Text>
      }
    >
      {options.data?.signup_open === false ? (
        <Alert type="info" showIcon message="Sign-up is closed" description="Ask an administrator for an account." />
      ) : (
        <SignUpForm form={form} formError={formError} submitting={submitting} onFinish={submit} />
      )}
    </AuthCard>
  );
}

interface SignUpFormProps {
  form: FormInstance<SignUpValues>;
  formError: { title: string; detail: string | null } | null;
  submitting: boolean;
  onFinish: (values: SignUpValues) => Promise<void>;
}

function SignUpForm({ form, formError, submitting, onFinish }: SignUpFormProps) {
  return (
    <>
      {formError ? (
        <Alert type="error" showIcon role="alert" message={formError.title} description={formError.detail} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<SignUpValues> form={form} name="sign-up" layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item label="Name" name="name" rules={[{ required: true, whitespace: true, message: "Enter your name" }, { max: 200 }]}>
          <Input autoComplete="name" autoFocus />
        </Form.Item>
        <Form.Item
          label="Email"
          name="email"
          rules={[
            { required: true, whitespace: true, message: "Enter your e-mail address" },
            { type: "email", message: "Enter a valid e-mail address" },
          ]}
        >
          <Input type="email" autoComplete="email" />
        </Form.Item>
        <Form.Item
          label="Password"
          name="password"
          extra={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          rules={[
            { required: true, message: "Choose a password" },
            { min: PASSWORD_MIN_LENGTH, message: `At least ${PASSWORD_MIN_LENGTH} characters` },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="Repeat the password"
          name="confirm"
          dependencies={["password"]}
          rules={[
            { required: true, message: "Repeat the password" },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue("password") ? Promise.resolve() : Promise.reject(new Error("The passwords differ")),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>
          Create account
        </Button>
      </Form>
    </>
  );
}
