import { Tag } from "antd";
import type { Role } from "../../../api/types";
import { ROLE_COLORS, ROLE_LABELS } from "../../auth/permissions";

export function RoleTag({ role }: { role: Role }) {
  return <Tag color={ROLE_COLORS[role]}>{ROLE_LABELS[role]}</Tag>;
}

export function ActiveTag({ active }: { active: boolean }) {
  return active ? <Tag color="green">Active</Tag> : <Tag color="red">Deactivated</Tag>;
}
