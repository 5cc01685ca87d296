import { describeError, isApiError } from "../../api/problem";

/** "sign-up is closed; ask …" -> "Sign-up is closed; ask ….": server details are lower-case phrases. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capitalised = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** The sign-in page's message for a failed sign-in (429 is told apart, with its countdown). */
export function signInErrorMessage(error: unknown): string {
  if (isApiError(error, 401)) return "The e-mail address or password is not right.";
  return asSentence(describeError(error).message);
}

export function tooManyAttemptsMessage(secondsLeft: number): string {
  return secondsLeft > 0
    ? `Too many failed sign-ins. Try again in ${secondsLeft} s.`
    : "Too many failed sign-ins. You can try again now.";
}
