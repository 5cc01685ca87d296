/** The screen width the jsdom setup answers media queries for: a 1280 px desktop unless a test says otherwise. */
export const DESKTOP_WIDTH = 1280;
let screenWidth = DESKTOP_WIDTH;

/** Answer media queries as for a screen this wide (a phone: 390) until the test ends; call before rendering. */
export function setScreenWidth(width: number): void {
  screenWidth = width;
}

export function resetScreenWidth(): void {
  screenWidth = DESKTOP_WIDTH;
}

/** Whether a media query's min-/max-width conditions hold for the current screen width. */
export function matchesScreen(query: string): boolean {
  const min = /min-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
  const max = /max-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
  return (!min || screenWidth >= Number(min[1])) && (!max || screenWidth <= Number(max[1]));
}
