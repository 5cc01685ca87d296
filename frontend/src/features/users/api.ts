import { api, readTotalCount } from "../../api/client";
import { fetchData, send } from "../../api/request";
import type { Page, User, UserCreate, UserListQuery, UserUpdate } from "../../api/types";

export const userKeys = {
  all: ["users"] as const,
  lists: () => [...userKeys.all, "list"] as const,
  list: (query: UserListQuery) => [...userKeys.lists(), query] as const,
  byIds: (ids: readonly number[]) => [...userKeys.all, "by-ids", ids] as const,
  detail: (id: number) => [...userKeys.all, "detail", id] as const,
};

export async function listUsers(query: UserListQuery): Promise<Page<User>> {
  const { data, response } = await send(api.GET("/api/users", { params: { query } }));
  return { items: data, total: readTotalCount(response, data.length) };
}

/** The users with these ids, in one request. */
export async function listUsersByIds(ids: readonly number[]): Promise<User[]> {
  if (ids.length === 0) return [];
  const query = { ids: ids.join(","), page_size: ids.length };
  return fetchData(api.GET("/api/users", { params: { query } }));
}

export function getUser(id: number): Promise<User> {
  return fetchData(api.GET("/api/users/{user_id}", { params: { path: { user_id: id } } }));
}

export function createUser(body: UserCreate): Promise<User> {
  return fetchData(api.POST("/api/users", { body }));
}

/** Changes an account (admins: role, active, name, and other accounts' passwords; anyone: their own name). */
export function updateUser(id: number, changes: UserUpdate): Promise<User> {
  return fetchData(api.PATCH("/api/users/{user_id}", { params: { path: { user_id: id } }, body: changes }));
}

export async function deleteUser(id: number): Promise<void> {
  await send(api.DELETE("/api/users/{user_id}", { params: { path: { user_id: id } } }));
}
