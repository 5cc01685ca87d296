/**
 * RFC 9457 problem details, as every API error is reported, and the one helper the
 * whole console uses to turn a failed request into a message and field errors.
 */

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string | null;
  errors?: FieldError[] | null;
}

/** A failed API call: the HTTP status and the problem the server described. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** For 429 and 503: how many seconds the server asked to wait (`Retry-After`), if it said. */
  readonly retryAfterSeconds: number | null;

  constructor(problem: Problem, options: { retryAfterSeconds?: number | null } = {}) {
    super(problemMessage(problem));
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }

  /** The field errors of the problem, with the field names as the form knows them. */
  get fieldErrors(): FieldError[] {
    return (this.problem.errors ?? []).map((error) => ({ ...error, field: normaliseFieldName(error.field) }));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): FieldError[] => {
    if (!isRecord(item)) return [];
    const field = typeof item.field === "string" ? item.field : typeof item.key === "string" ? item.key : "";
    const message = typeof item.message === "string" ? item.message : "is invalid";
    return [{ field, message }];
  });
}

/** Builds a Problem from whatever an error response carried (problem JSON, other JSON, text, nothing). */
export function toProblem(body: unknown, response: Response): Problem {
  const fallbackTitle = response.statusText || `Request failed with status ${response.status}`;
  if (isRecord(body)) {
    return {
      type: typeof body.type === "string" ? body.type : "about:blank",
      title: typeof body.title === "string" ? body.title : fallbackTitle,
      status: typeof body.status === "number" ? body.status : response.status,
      detail: typeof body.detail === "string" ? body.detail : null,
      errors: asFieldErrors(body.errors),
    };
  }
  const text = typeof body === "string" ? body.trim() : "";
  return { type: "about:blank", title: fallbackTitle, status: response.status, detail: text || null, errors: [] };
}

/** The ApiError for an error response: its problem details and its `Retry-After`. */
export function apiErrorFrom(body: unknown, response: Response): ApiError {
  return new ApiError(toProblem(body, response), { retryAfterSeconds: parseRetryAfter(response.headers.get("Retry-After")) });
}

/** `Retry-After` in seconds: either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number.parseInt(value, 10);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Field names as sent by the server ("body.requester_id", "requester_id") reduced to the form's name. */
export function normaliseFieldName(field: string): string {
  return field.replace(/^(body|data|query|path)\./, "");
}

/** One human sentence for a problem: its detail when it has one, else its title. */
export function problemMessage(problem: Problem): string {
  const detail = problem.detail?.trim();
  return detail ? detail : problem.title;
}

export interface ErrorDescription {
  status: number | null;
  message: string;
  fieldErrors: FieldError[];
}

/** Turns anything a request may throw into a message and field errors. */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof ApiError) {
    return { status: error.status, message: error.message, fieldErrors: error.fieldErrors };
  }
  if (error instanceof TypeError) {
    return { status: null, message: "Could not reach the server. Check your connection and try again.", fieldErrors: [] };
  }
  if (error instanceof Error) {
    return { status: null, message: error.message, fieldErrors: [] };
  }
  return { status: null, message: "Something went wrong.", fieldErrors: [] };
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}
