import { render } from "@testing-library/react";
import { cloneElement, type ReactElement } from "react";
import { describe, expect, it, vi } from "vitest";
import { CategoryChart, DraftDecisionsChart, SlaChart, StatusChart } from "./Charts";

// jsdom lays nothing out, so a ResponsiveContainer would measure 0 x 0 and draw nothing:
// give its chart a fixed size instead.
vi.mock("recharts", async (importOriginal) => {
  const recharts = await importOriginal<typeof import("recharts")>();
  return {
    ...recharts,
    ResponsiveContainer: ({ children }: { children: ReactElement<{ width?: number; height?: number }> }) =>
      cloneElement(children, { width: 600, height: 200 }),
  };
});

const durations = { count: 0, median_seconds: null, p90_seconds: null };

describe("dashboard charts", () => {
  it("draws the SLA targets met and breached", () => {
    const { container } = render(
      <SlaChart
        sla={{
          first_response: { met: 7, breached: 1, met_pct: 87.5, ...durations },
          resolution: { met: 5, breached: 2, met_pct: 71.4, ...durations },
          tickets_breached: 3,
          at_risk_now: 0,
          breached_open_now: 0,
        }}
      />,
    );
    expect(container.querySelectorAll(".recharts-bar-rectangle")).toHaveLength(4);
    expect(container).toHaveTextContent("First response");
    expect(container).toHaveTextContent("Breached");
  });

  it("draws the AI drafts by decision", () => {
    const { container } = render(
      <DraftDecisionsChart
        drafts={{ decided: 6, accepted: 3, edited: 2, rejected: 1, accepted_pct: 50, edited_pct: 33.3, rejected_pct: 16.7, sent: 5, mean_changed_pct: 12.5 }}
      />,
    );
    expect(container.querySelectorAll(".recharts-bar-rectangle")).toHaveLength(3);
    for (const name of ["Accepted", "Edited", "Rejected"]) expect(container).toHaveTextContent(name);
  });

  it("labels every status with its name, and tickets without a category in words", () => {
    const status = render(<StatusChart byStatus={{ open: 7, in_progress: 3, pending: 2, resolved: 2, closed: 1 }} />);
    const ticks = [...status.container.querySelectorAll(".recharts-cartesian-axis-tick-value")].map((tick) => tick.textContent);
    for (const name of ["Open", "In progress", "Pending", "Resolved", "Closed"]) expect(ticks).toContain(name);
    expect(status.container).not.toHaveTextContent("in_progress");
    const categories = render(<CategoryChart byCategory={[{ category: null, count: 12 }, { category: "billing", count: 2 }]} />);
    expect(categories.container).toHaveTextContent("No category");
  });
});
