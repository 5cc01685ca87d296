import { Alert, Form, Input, Modal } from "antd";
import { useState } from "react";
import { isApiError } from "../../../api/problem";
import type { User, UserCreate } from "../../../api/types";
import { applyServerErrors } from "../../../shared/formErrors";
import { ImplicitSubmit } from "../../../shared/ImplicitSubmit";
import { useCreateUser } from "../hooks/useUserMutations";

interface CreateUserModalProps {
  open: boolean;
  onClose: () => void;
  onCreated: (user: User) => void;
}

const USER_FIELDS = ["name", "email"] as const;

export function CreateUserModal({ open, onClose, onCreated }: CreateUserModalProps) {
  const [form] = Form.useForm<UserCreate>();
  const createUser = useCreateUser();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (values: UserCreate) => {
    setFormError(null);
    try {
      const user = await createUser.mutateAsync({ name: values.name.trim(), email: values.email.trim() });
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
      <Form form={form} name="new-user" layout="vertical" onFinish={submit}>
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
        <ImplicitSubmit />
      </Form>
    </Modal>
  );
}
