import { Alert, Form, Input, Modal } from "antd";
import { useState } from "react";
import type { User } from "../../../api/types";
import { applyServerErrors } from "../../../shared/formErrors";
import { ImplicitSubmit } from "../../../shared/ImplicitSubmit";
import { useUpdateUser } from "../hooks/useUserMutations";

interface SetPasswordValues {
  password: string;
  confirm: string;
}

const PASSWORD_MIN_LENGTH = 8;

interface SetPasswordModalProps {
  user: User;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}

/** An admin gives an account a (new) password; the account can sign in with it at once. */
export function SetPasswordModal({ user, open, onClose, onSaved }: SetPasswordModalProps) {
  const [form] = Form.useForm<SetPasswordValues>();
  const updateUser = useUpdateUser();
  const [formError, setFormError] = useState<string | null>(null);

  const close = () => {
    setFormError(null);
    onClose();
  };

  const submit = async ({ password }: SetPasswordValues) => {
    setFormError(null);
    try {
      await updateUser.mutateAsync({ id: user.id, changes: { password } });
      form.resetFields();
      onSaved();
    } catch (error) {
      setFormError(applyServerErrors(form, error, ["password"]));
    }
  };

  return (
    <Modal
      title={`Set a password for ${user.name}`}
      open={open}
      okText="Set password"
      onOk={() => form.submit()}
      confirmLoading={updateUser.isPending}
      onCancel={close}
      destroyOnHidden
    >
      <Form<SetPasswordValues> form={form} name="set-password" layout="vertical" onFinish={submit}>
        {formError ? <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} /> : null}
        <Form.Item
          label="New password"
          name="password"
          extra={`At least ${PASSWORD_MIN_LENGTH} characters; not the e-mail address.`}
          rules={[
            { required: true, message: "Enter a password" },
            { min: PASSWORD_MIN_LENGTH, message: `At least ${PASSWORD_MIN_LENGTH} characters` },
          ]}
        >
          <Input.Password autoComplete="new-password" autoFocus />
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
        <ImplicitSubmit />
      </Form>
    </Modal>
  );
}
