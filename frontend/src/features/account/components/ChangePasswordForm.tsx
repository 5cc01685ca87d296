import { Alert, Button, Form, Input } from "antd";
import { useState } from "react";
import { isApiError } from "../../../api/problem";
import { applyServerErrors } from "../../../shared/formErrors";
import { useCountdown } from "../../auth/hooks/useCountdown";
import { asSentence } from "../../auth/messages";
import { useChangeOwnPassword } from "../hooks/useMyAccount";

interface ChangePasswordValues {
  current_password: string;
  new_password: string;
  confirm: string;
}

/** The form's fields carry the server's names, so its field errors land on them. */
const PASSWORD_FIELDS = ["current_password", "new_password"] as const;
const PASSWORD_MIN_LENGTH = 8;
/** Seconds to wait after a 429 that did not say (it normally sends Retry-After). */
const DEFAULT_RETRY_AFTER = 60;

type Outcome = { kind: "changed" } | { kind: "failed"; message: string } | { kind: "throttled" } | null;

function throttledMessage(secondsLeft: number): string {
  return secondsLeft > 0
    ? `Too many wrong passwords (they count as failed sign-ins). Try again in ${secondsLeft} s.`
    : "Too many wrong passwords (they count as failed sign-ins). You can try again now.";
}

/**
 * Changes one's own password: the current one proves it is really the account's owner.
 * On success this console stays signed in (with the new session's token) and every other
 * session of the account ends.
 */
export function ChangePasswordForm() {
  const [form] = Form.useForm<ChangePasswordValues>();
  const change = useChangeOwnPassword();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const retry = useCountdown();

  const submit = async (values: ChangePasswordValues) => {
    setOutcome(null);
    retry.stop();
    try {
      await change.mutateAsync({ current_password: values.current_password, new_password: values.new_password });
      form.resetFields();
      setOutcome({ kind: "changed" });
    } catch (error) {
      if (isApiError(error, 429)) {
        retry.start(error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER);
        setOutcome({ kind: "throttled" });
        return;
      }
      const leftover = applyServerErrors(form, error, PASSWORD_FIELDS);
      if (leftover) setOutcome({ kind: "failed", message: asSentence(leftover) });
    }
  };

  const throttled = outcome?.kind === "throttled";

  return (
    <Form<ChangePasswordValues> form={form} name="change-password" layout="vertical" onFinish={submit} requiredMark={false} style={{ maxWidth: 420 }}>
      {outcome?.kind === "changed" ? (
        <Alert
          type="success"
          showIcon
          role="status"
          message="Your password is changed"
          description="You are still signed in here. Every other session of your account (other browsers and devices) was signed out: sign in there with the new password."
          style={{ marginBottom: 16 }}
        />
      ) : outcome?.kind === "failed" ? (
        <Alert type="error" showIcon role="alert" message="The password was not changed" description={outcome.message} style={{ marginBottom: 16 }} />
      ) : throttled ? (
        <Alert type="error" showIcon role="alert" message={throttledMessage(retry.secondsLeft)} style={{ marginBottom: 16 }} />
      ) : null}
      <Form.Item label="Current password" name="current_password" rules={[{ required: true, message: "Enter your current password" }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        label="New password"
        name="new_password"
        extra={`At least ${PASSWORD_MIN_LENGTH} characters; not your e-mail address.`}
        rules={[
          { required: true, message: "Choose a new password" },
          { min: PASSWORD_MIN_LENGTH, message: `At least ${PASSWORD_MIN_LENGTH} characters` },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="Repeat the new password"
        name="confirm"
        dependencies={["new_password"]}
        rules={[
          { required: true, message: "Repeat the new password" },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || value === getFieldValue("new_password") ? Promise.resolve() : Promise.reject(new Error("The passwords differ")),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending} disabled={throttled && retry.secondsLeft > 0}>
        Change password
      </Button>
    </Form>
  );
}
