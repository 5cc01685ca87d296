import { useMutation, useQueryClient } from "@tanstack/react-query";
import { currentSession, replaceSessionToken } from "../../../api/session";
import type { ChangePasswordRequest, User } from "../../../api/types";
import { authKeys, changeOwnPassword } from "../../auth/api";
import { updateUser, userKeys } from "../../users/api";

/** Renames the signed-in account (PATCH of one's own account); the header shows the new name at once. */
export function useRenameMe(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => updateUser(id, { name }),
    onSuccess: (user: User) => {
      queryClient.setQueryData(authKeys.me(), user);
      queryClient.setQueryData(userKeys.detail(user.id), user);
      return queryClient.invalidateQueries({ queryKey: userKeys.lists() });
    },
  });
}

/**
 * Changes the signed-in account's own password, then puts the new session's token in
 * place of the old one (which the server no longer accepts), so this console stays signed in.
 */
export function useChangeOwnPassword() {
  return useMutation({
    mutationFn: async (body: ChangePasswordRequest) => {
      const sessionId = currentSession()?.id ?? null;
      const token = await changeOwnPassword(body);
      if (sessionId !== null) replaceSessionToken(sessionId, token);
      return token;
    },
  });
}
