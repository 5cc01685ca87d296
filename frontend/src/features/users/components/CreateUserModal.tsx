import { Alert, Form, Input, Modal, Select, Typography } from "antd";
import { useState } from "react";
import { isApiError } from "../../../api/problem";
import { ROLES, type Role, type User, type UserCreate } from "../../../api/types";
import { applyServerErrors } from "../../../shared/formErrors";
import { ImplicitSubmit } from "../../../shared/ImplicitSubmit";
import { usePermissions } from "../../auth/currentAccount";
import { ROLE_LABELS } from "../../auth/permissions";
import { useCreateUser } from "../hooks/useUserMutations";

interface CreateUserModalProps {
  open: boolean;
  onClose: () => void;
  onCreated: (user: User) => void;
}

interface CreateUserValues {
  name: string;
  email: string;
  role: Role;
  password?: string;
}

const USER_FIELDS = ["name", "email", "role", "password"] as const;
const PASSWORD_MIN_LENGTH = 8;
const roleOptions = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

/**
 * Adds an account. Agents add customers (who get a password from an admin, or sign up);
 * admins choose the role and may set the password straight away.
 */
export function CreateUserModal({ open, onClose, onCreated }: CreateUserModalProps) {
  const [form] = Form.useForm<CreateUserValues>();
  const createUser = useCreateUser();
  const { manageAccounts } = usePermissions();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (values: CreateUserValues) => {
    setFormError(null);
    const body: UserCreate = { name: values.name.trim(), email: values.email.trim() };
    if (manageAccounts) {
      body.role = values.role;
      if (values.password) body.password = values.password;
    }
    try {
      const user = await createUser.mutateAsync(body);
      form.resetFields();
      onCreated(user);
    } catch (error) {
      const leftover = applyServerErrors(form, error, USER_FIELDS);
      if (leftover && isApiError(error, 409)) {
        // A conflict on creating a user is a duplicate e-mail address: say so on that field.
        form.setFields([{ name: "email", errors: [leftover] }]);
      } else {
        setFormError(leftover);
      }
    }
  };

  return (
    <Modal
      title="New user"
      open={open}
      okText="Create user"
      onOk={() => form.submit()}
      confirmLoading={createUser.isPending}
      onCancel={() => {
        setFormError(null);
        onClose();
      }}
      destroyOnHidden
    >
      <Form<CreateUserValues> form={form} name="new-user" layout="vertical" onFinish={submit} initialValues={{ role: "customer" }}>
        {formError ? <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} /> : null}
        <Form.Item label="Name" name="name" rules={[{ required: true, whitespace: true, message: "Name is required" }, { max: 200 }]}>
          <Input autoComplete="off" autoFocus />
        </Form.Item>
        <Form.Item
          label="Email"
          name="email"
          rules={[
            { required: true, whitespace: true, message: "Email is required" },
            { type: "email", message: "Enter a valid e-mail address" },
          ]}
        >
          <Input type="email" autoComplete="off" />
        </Form.Item>
        {manageAccounts ? (
          <>
            <Form.Item label="Role" name="role">
              <Select<Role> options={roleOptions} />
            </Form.Item>
            <Form.Item
              label="Password"
              name="password"
              extra="Optional: without one the account cannot sign in until a password is set."
              rules={[{ min: PASSWORD_MIN_LENGTH, message: `At least ${PASSWORD_MIN_LENGTH} characters` }]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        ) : (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            The new account is a customer. It can sign in once an admin gives it a password.
          </Typography.Paragraph>
        )}
        <ImplicitSubmit />
      </Form>
    </Modal>
  );
}
