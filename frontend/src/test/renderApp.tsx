import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { startSession } from "../api/session";
import { AppProviders } from "../app/AppProviders";
import { routerFuture, routerProviderFuture } from "../app/routerOptions";
import { appRoutes } from "../app/routes";
import { TEST_TOKEN } from "./fakeApi";

interface RenderAppOptions {
  /** Start with a stored session (the fake API's `account` is then signed in). Default: true. */
  signedIn?: boolean;
}

/** Renders the whole console (real routes, layout and providers) at `path`. */
export function renderApp(path: string, { signedIn = true }: RenderAppOptions = {}) {
  if (signedIn) startSession({ access_token: TEST_TOKEN, expires_in: 3600 });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 0 }, mutations: { retry: false } } });
  const router = createMemoryRouter(appRoutes, { initialEntries: [path], future: routerFuture });
  const view = render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} future={routerProviderFuture} />
    </AppProviders>,
  );
  return { ...view, router, queryClient };
}
