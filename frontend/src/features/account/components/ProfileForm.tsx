import { Alert, App, Button, Descriptions, Form, Input } from "antd";
import { useState } from "react";
import type { User } from "../../../api/types";
import { formatDateTime } from "../../../shared/format";
import { applyServerErrors } from "../../../shared/formErrors";
import { RoleTag } from "../../users/components/AccountBadges";
import { useRenameMe } from "../hooks/useMyAccount";

interface ProfileValues {
  name: string;
}

const NAME_MAX_LENGTH = 200;

/** Who the account is: the name (which its owner may change), the e-mail and the role (which only admins change). */
export function ProfileForm({ account }: { account: User }) {
  const [form] = Form.useForm<ProfileValues>();
  const rename = useRenameMe(account.id);
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ name }: ProfileValues) => {
    setError(null);
    try {
      await rename.mutateAsync(name.trim());
      void message.success("Your name is saved");
    } catch (failure) {
      setError(applyServerErrors(form, failure, ["name"]));
    }
  };

  return (
    <>
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 16 }}
        items={[
          { key: "email", label: "Email", children: account.email },
          { key: "role", label: "Role", children: <RoleTag role={account.role} /> },
          { key: "created", label: "Member since", children: formatDateTime(account.created_at) },
        ]}
      />
      {error ? <Alert type="error" showIcon role="alert" message="Your name was not saved" description={error} style={{ marginBottom: 16 }} /> : null}
      <Form<ProfileValues> form={form} name="profile" layout="vertical" initialValues={{ name: account.name }} onFinish={submit} requiredMark={false} style={{ maxWidth: 420 }}>
        <Form.Item label="Name" name="name" rules={[{ required: true, whitespace: true, message: "Enter your name" }, { max: NAME_MAX_LENGTH }]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={rename.isPending}>
          Save name
        </Button>
      </Form>
    </>
  );
}
