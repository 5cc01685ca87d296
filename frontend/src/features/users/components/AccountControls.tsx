import { KeyOutlined, StopOutlined, UndoOutlined } from "@ant-design/icons";
import { App, Button, Flex, Select } from "antd";
import { useState } from "react";
import { Link } from "react-router-dom";
import { describeError } from "../../../api/problem";
import { ROLES, type Role, type User, type UserUpdate } from "../../../api/types";
import { useCurrentAccount } from "../../auth/currentAccount";
import { ROLE_LABELS } from "../../auth/permissions";
import { useUpdateUser } from "../hooks/useUserMutations";
import { SetPasswordModal } from "./SetPasswordModal";

const ROLE_WITH_ARTICLE: Record<Role, string> = { customer: "a customer", agent: "an agent", admin: "an admin" };
const roleOptions = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

/** Changes an account and says how it went (the last active admin is refused with 409). */
function useAccountChange() {
  const updateUser = useUpdateUser();
  const { message } = App.useApp();
  const change = async (user: User, changes: UserUpdate, done: string) => {
    try {
      await updateUser.mutateAsync({ id: user.id, changes });
      void message.success(done);
    } catch (error) {
      void message.error(describeError(error).message, 6);
    }
  };
  return { change, pending: updateUser.isPending };
}

/** An admin's role picker for an account; admins cannot change their own role here. */
export function RoleSelect({ user }: { user: User }) {
  const { account } = useCurrentAccount();
  const { change, pending } = useAccountChange();
  const self = user.id === account.id;
  return (
    // The options live in a pop-up whose clicks bubble through React: they must not open the row.
    <span onClick={(event) => event.stopPropagation()}>
      <Select<Role>
        aria-label={`Role of ${user.name}`}
        value={user.role}
        options={roleOptions}
        disabled={self || pending}
        title={self ? "You cannot change your own role" : undefined}
        onChange={(role) => void change(user, { role }, `${user.name} is now ${ROLE_WITH_ARTICLE[role]}`)}
        style={{ width: 120 }}
        size="small"
      />
    </span>
  );
}

/**
 * An admin's actions on an account: deactivate or reactivate it, set its password.
 * `compact` shows icon buttons (named by their labels and tooltips) for table rows.
 * Their own password is not set here (the server refuses it: the current one is asked
 * for): a link leads to My account instead.
 */
export function AccountActions({ user, compact = false }: { user: User; compact?: boolean }) {
  const { account } = useCurrentAccount();
  const { change, pending } = useAccountChange();
  const { modal, message } = App.useApp();
  const [settingPassword, setSettingPassword] = useState(false);
  const self = user.id === account.id;

  const deactivate = () =>
    modal.confirm({
      title: `Deactivate ${user.name}?`,
      content: `${user.email} can no longer sign in, and any session they have ends at once. Their tickets and replies stay. You can reactivate the account later.`,
      okText: "Deactivate",
      okButtonProps: { danger: true },
      cancelText: "Cancel",
      autoFocusButton: "cancel",
      onOk: () => change(user, { active: false }, `${user.name} deactivated`),
    });

  return (
    // Clicks in here (and in the password dialog, whose events bubble through React) must not open the row.
    <Flex gap="small" wrap="wrap" onClick={(event) => event.stopPropagation()}>
      {user.active ? (
        <Button
          size="small"
          danger
          icon={<StopOutlined aria-hidden />}
          disabled={self || pending}
          title={self ? "You cannot deactivate yourself" : "Deactivate"}
          onClick={deactivate}
          aria-label={`Deactivate ${user.name}`}
        >
          {compact ? null : "Deactivate"}
        </Button>
      ) : (
        <Button
          size="small"
          icon={<UndoOutlined aria-hidden />}
          disabled={pending}
          title="Reactivate"
          onClick={() => void change(user, { active: true }, `${user.name} reactivated`)}
          aria-label={`Reactivate ${user.name}`}
        >
          {compact ? null : "Reactivate"}
        </Button>
      )}
      {self ? (
        <Link to="/account" title="Change your own password on My account (it asks for the current one)" aria-label="Change your password on My account">
          <KeyOutlined aria-hidden /> {compact ? null : "Change on My account"}
        </Link>
      ) : (
        <>
          <Button
            size="small"
            icon={<KeyOutlined aria-hidden />}
            title="Set password"
            onClick={() => setSettingPassword(true)}
            aria-label={`Set password for ${user.name}`}
          >
            {compact ? null : "Set password"}
          </Button>
          <SetPasswordModal
            user={user}
            open={settingPassword}
            onClose={() => setSettingPassword(false)}
            onSaved={() => {
              setSettingPassword(false);
              void message.success(`Password set for ${user.name}`);
            }}
          />
        </>
      )}
    </Flex>
  );
}
