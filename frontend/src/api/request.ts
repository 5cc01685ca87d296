import { apiErrorFrom } from "./problem";

/** The shape every openapi-fetch call resolves to. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Resolves to the response body and the response itself, or throws an ApiError for an error status. */
export async function send<T>(request: Promise<FetchResult<T>>): Promise<{ data: T; response: Response }> {
  const { data, error, response } = await request;
  if (!response.ok) {
    throw apiErrorFrom(error, response);
  }
  return { data: data as T, response };
}

/** Like `send` for calls whose body is all that matters. */
export async function fetchData<T>(request: Promise<FetchResult<T>>): Promise<T> {
  return (await send(request)).data;
}
