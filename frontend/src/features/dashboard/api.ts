import { api } from "../../api/client";
import { fetchData, send } from "../../api/request";
import type { Dashboard, DashboardQuery } from "../../api/types";

export const dashboardKeys = {
  all: ["dashboard"] as const,
  figures: (query: DashboardQuery) => [...dashboardKeys.all, query] as const,
};

export function getDashboard(query: DashboardQuery): Promise<Dashboard> {
  return fetchData(api.GET("/api/stats/dashboard", { params: { query } }));
}

/**
 * Downloads the same figures as CSV. A plain link would not carry the bearer token, so the
 * file is fetched (through the API client: token, 401 handling) and saved from a blob.
 */
export async function downloadDashboardCsv(query: DashboardQuery): Promise<string> {
  const { data, response } = await send(api.GET("/api/stats/dashboard.csv", { params: { query }, parseAs: "blob" }));
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? "dashboard.csv";
  const url = URL.createObjectURL(data as Blob);
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return name;
}
