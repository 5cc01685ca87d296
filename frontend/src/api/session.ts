/**
 * The signed-in session: the bearer token and when it expires, kept in localStorage so a
 * reload (or another tab) stays signed in. An expired token is dropped, never sent.
 *
 * A small external store: React reads it with `useSession()`, the API client with
 * `currentAccessToken()`. Listeners hear every change (sign-in, sign-out, expiry, 401).
 */
import { useSyncExternalStore } from "react";

export interface Session {
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** Why the last session ended: the console says so on the sign-in page. */
export type SessionEndReason = "signed-out" | "expired";

export const SESSION_STORAGE_KEY = "astratickets.session";

type Listener = (session: Session | null, previous: Session | null) => void;

let current: Session | null = null;
let endReason: SessionEndReason | null = null;
const listeners = new Set<Listener>();

function isSession(value: unknown): value is Session {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.accessToken === "string" && candidate.accessToken !== "" && typeof candidate.expiresAt === "number";
}

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null; // storage disabled (privacy settings): the session lives in memory only
  }
}

function readStored(): Session | null {
  const raw = storage()?.getItem(SESSION_STORAGE_KEY);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isSession(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function writeStored(session: Session | null): void {
  const store = storage();
  if (!store) return;
  try {
    if (session) store.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    else store.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // quota exceeded or storage disabled: the in-memory session still works for this tab
  }
}

function change(next: Session | null): void {
  const previous = current;
  current = next;
  if (previous?.accessToken === next?.accessToken && previous?.expiresAt === next?.expiresAt) return;
  for (const listener of [...listeners]) listener(next, previous);
}

export function isExpired(session: Session, now = Date.now()): boolean {
  return session.expiresAt <= now;
}

/** Starts a session from the token endpoint's answer (`expires_in` in seconds). */
export function startSession(token: { access_token: string; expires_in: number }, now = Date.now()): Session {
  const session = { accessToken: token.access_token, expiresAt: now + token.expires_in * 1000 };
  endReason = null;
  writeStored(session);
  change(session);
  return session;
}

/** Ends the session (sign-out, expiry, a 401 from the API). Does nothing when signed out. */
export function endSession(reason: SessionEndReason): void {
  if (current === null && readStored() === null) return;
  endReason = reason;
  writeStored(null);
  change(null);
}

/** The current session, or null; an expired one is dropped. */
export function currentSession(): Session | null {
  if (current && isExpired(current)) endSession("expired");
  return current;
}

/** The token to send, or null when signed out or expired. */
export function currentAccessToken(): string | null {
  return currentSession()?.accessToken ?? null;
}

/** Why the last session ended (null after a sign-in or when there was none). */
export function sessionEndReason(): SessionEndReason | null {
  return endReason;
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The session as React state: components re-render on sign-in and sign-out. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, () => current, () => null);
}

/** Re-reads the stored session (at start-up, and when another tab signs in or out). */
export function loadStoredSession(): void {
  const stored = readStored();
  if (stored && isExpired(stored)) {
    writeStored(null);
    change(null);
    return;
  }
  change(stored);
}

if (typeof window !== "undefined") {
  loadStoredSession();
  window.addEventListener("storage", (event) => {
    if (event.key === null || event.key === SESSION_STORAGE_KEY) loadStoredSession();
  });
}

/** Tests only: forget everything, as a fresh page load with empty storage would. */
export function resetSessionForTests(): void {
  writeStored(null);
  current = null;
  endReason = null;
  listeners.clear();
}
