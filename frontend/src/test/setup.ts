import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach, vi } from "vitest";
import { resetSessionForTests } from "../api/session";
import { matchesScreen, resetScreenWidth } from "./screen";

// Rendering the whole console (sign-in check, layout, antd's CSS-in-JS) takes a while, and
// much longer on a busy 2-core machine: give findBy*/waitFor far more than the default second.
configure({ asyncUtilTimeout: 10_000 });

// antd reads media queries (Grid, Sider breakpoints) and observes element sizes.
// Media queries are answered as for a 1280 px wide desktop screen, unless a test calls
// setScreenWidth (src/test/screen.ts) before rendering.
Object.defineProperty(window, "matchMedia", {
  writable: true,
  value: (query: string): MediaQueryList => ({
    matches: matchesScreen(query),
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});

class ResizeObserverStub implements ResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver = ResizeObserverStub;

// jsdom implements getComputedStyle without pseudo-elements and warns loudly when asked for one.
const getComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => getComputedStyle(element);

// The console calls the API with same-origin paths ("/api/tickets"), as a browser allows.
// Node's Request needs an absolute URL: resolve against the jsdom page. jsdom's AbortSignal
// is not Node's, so signals are left out here.
const NodeRequest = globalThis.Request;
class SameOriginRequest extends NodeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    const url = typeof input === "string" ? new URL(input, window.location.href) : input;
    super(url, init ? { ...init, signal: undefined } : undefined);
  }
}
globalThis.Request = SameOriginRequest;

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  resetSessionForTests();
  resetScreenWidth();
  window.localStorage.clear();
});
