/**
 * The signed-in session: the bearer token and when it expires, kept in localStorage so a
 * reload (or another tab) stays signed in. An expired token is dropped, never sent.
 * While the console is open the token is renewed before it expires (`renewAt`,
 * `renewSession`, POST /api/auth/refresh): a renewal replaces the token of the same session.
 *
 * A small external store: React reads it with `useSession()`, the API client with
 * `currentAccessToken()`. Listeners hear every change (sign-in, sign-out, expiry, 401).
 */
import { useSyncExternalStore } from "react";

export interface Session {
  /** The same for every token of one sign-in: renewals keep it (the account did not change). */
  id: string;
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** When to ask for a renewed token (ms since the epoch); null: never (the session cannot be extended). */
  renewAt: number | null;
}

/** Renew at half the token's lifetime, and at the latest this long before it expires... */
const RENEW_MARGIN_MS = 60_000;
/** ...but never sooner than this after it was issued (a very short lifetime would otherwise renew in a loop). */
const MIN_RENEW_DELAY_MS = 10_000;

/** A renewal that moves the expiry less than this (the server counts whole seconds) did not extend the session. */
const MIN_EXTENSION_MS = 2_000;

/** When a token issued at `now` and expiring at `expiresAt` should be renewed. */
export function renewalTime(now: number, expiresAt: number): number {
  const lifetime = expiresAt - now;
  const delay = Math.min(lifetime / 2, lifetime - RENEW_MARGIN_MS);
  return now + Math.max(delay, Math.min(lifetime / 2, MIN_RENEW_DELAY_MS));
}

/** Why the last session ended: the console says so on the sign-in page. */
export type SessionEndReason = "signed-out" | "expired";

export const SESSION_STORAGE_KEY = "astratickets.session";

type Listener = (session: Session | null, previous: Session | null) => void;

let current: Session | null = null;
let endReason: SessionEndReason | null = null;
const listeners = new Set<Listener>();

/** A stored session; one stored before renewals existed gets an id and a renewal time. */
function asSession(value: unknown): Session | null {
  if (typeof value !== "object" || value === null) return null;
  const candidate = value as Record<string, unknown>;
  const { accessToken, expiresAt, id, renewAt } = candidate;
  if (typeof accessToken !== "string" || accessToken === "" || typeof expiresAt !== "number") return null;
  return {
    id: typeof id === "string" && id !== "" ? id : accessToken,
    accessToken,
    expiresAt,
    renewAt: typeof renewAt === "number" || renewAt === null ? renewAt : expiresAt - RENEW_MARGIN_MS,
  };
}

function newSessionId(now: number): string {
  return `${now.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
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
    return asSession(JSON.parse(raw) as unknown);
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
  if (
    previous?.id === next?.id &&
    previous?.accessToken === next?.accessToken &&
    previous?.expiresAt === next?.expiresAt &&
    previous?.renewAt === next?.renewAt
  ) {
    return;
  }
  for (const listener of [...listeners]) listener(next, previous);
}

export function isExpired(session: Session, now = Date.now()): boolean {
  return session.expiresAt <= now;
}

/** Starts a session from the token endpoint's answer (`expires_in` in seconds). */
export function startSession(token: { access_token: string; expires_in: number }, now = Date.now()): Session {
  const expiresAt = now + token.expires_in * 1000;
  const session = { id: newSessionId(now), accessToken: token.access_token, expiresAt, renewAt: renewalTime(now, expiresAt) };
  endReason = null;
  writeStored(session);
  change(session);
  return session;
}

/**
 * Replaces the token `renewedFrom` with its renewal (POST /api/auth/refresh answered
 * `token`): the same session (same id, so nothing loaded is dropped), a later expiry.
 * Does nothing when that token is no longer the current one (signed out, signed in again,
 * or another tab renewed first). A renewal that did not move the expiry (the session
 * reached SESSION_MAX_HOURS) is the last: the session then ends when that token expires.
 */
export function renewSession(renewedFrom: string, token: { access_token: string; expires_in: number }, now = Date.now()): Session | null {
  const renewed = current;
  if (renewed === null || renewed.accessToken !== renewedFrom || isExpired(renewed, now)) return current;
  const expiresAt = now + token.expires_in * 1000;
  const session = {
    id: renewed.id,
    accessToken: token.access_token,
    expiresAt,
    renewAt: expiresAt - renewed.expiresAt > MIN_EXTENSION_MS ? renewalTime(now, expiresAt) : null,
  };
  writeStored(session);
  change(session);
  return session;
}

/**
 * Puts the token the caller's own password change answered (POST /api/auth/password) in
 * place of the session `sessionId`'s token. The server began a new session with it (the
 * password was just checked) and refuses every older token, so it replaces whichever token
 * the session holds now (another tab may have renewed the old one meanwhile), with a fresh
 * renewal schedule; the id stays, so nothing loaded is dropped (same account). Does
 * nothing when that session is no longer the current one (signed out, or someone else
 * signed in).
 */
export function replaceSessionToken(sessionId: string, token: { access_token: string; expires_in: number }, now = Date.now()): Session | null {
  const replaced = current;
  if (replaced === null || replaced.id !== sessionId) return current;
  const expiresAt = now + token.expires_in * 1000;
  const session = { id: replaced.id, accessToken: token.access_token, expiresAt, renewAt: renewalTime(now, expiresAt) };
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
