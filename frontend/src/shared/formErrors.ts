import type { FormInstance } from "antd";
import { describeError } from "../api/problem";

/**
 * Shows the server's field errors on the form fields they name and returns the message
 * for the rest (a problem without field errors, or errors on fields the form lacks).
 */
export function applyServerErrors<Values>(form: FormInstance<Values>, error: unknown, fieldNames: readonly string[]): string | null {
  const { message, fieldErrors } = describeError(error);
  const known = fieldErrors.filter((fieldError) => fieldNames.includes(fieldError.field));
  const unknown = fieldErrors.filter((fieldError) => !fieldNames.includes(fieldError.field));
  const byField = new Map<string, string[]>();
  for (const { field, message: fieldMessage } of known) {
    byField.set(field, [...(byField.get(field) ?? []), fieldMessage]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name: name as never, errors })));
  if (known.length > 0 && unknown.length === 0) return null;
  const extra = unknown.map((fieldError) => (fieldError.field ? `${fieldError.field}: ${fieldError.message}` : fieldError.message));
  return [message, ...extra].join(" ");
}
