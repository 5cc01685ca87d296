import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import { useEffect, type ReactNode } from "react";
import { subscribeSession } from "../api/session";

interface AppProvidersProps {
  queryClient: QueryClient;
  children: ReactNode;
}

/** Server state (react-query, emptied when the session changes) and the antd theme plus its message/modal context. */
export function AppProviders({ queryClient, children }: AppProvidersProps) {
  // What one account loaded is never shown to the next: a new or ended session starts from an empty cache.
  // A renewed token keeps its session (same id, same account): nothing is dropped then.
  useEffect(
    () =>
      subscribeSession((session, previous) => {
        if (session?.id !== previous?.id) queryClient.clear();
      }),
    [queryClient],
  );
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider theme={{ token: { colorPrimary: "#1677ff", borderRadius: 6 } }}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
