import type { User } from "../../api/types";

/** How a user is named in lists and pickers. */
export function userLabel(user: User): string {
  return `${user.name} <${user.email}>`;
}
