import type { HTMLAttributes, MouseEvent } from "react";

/**
 * Row props that open a record when the row is clicked. Clicks on links, buttons and form
 * controls inside the row keep their own meaning; the row's link is the keyboard path.
 */
export function navigateOnRowClick(open: () => void): HTMLAttributes<HTMLElement> {
  return {
    onClick: (event: MouseEvent<HTMLElement>) => {
      const target = event.target as HTMLElement;
      if (target.closest("a, button, input, textarea, .ant-select")) return;
      open();
    },
    style: { cursor: "pointer" },
  };
}
