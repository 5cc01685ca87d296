import { Alert, Button } from "antd";
import { describeError } from "../api/problem";

interface ErrorAlertProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** A failed request, as the server's problem details explain it. */
export function ErrorAlert({ error, title = "Request failed", onRetry }: ErrorAlertProps) {
  const { message } = describeError(error);
  return (
    <Alert
      type="error"
      showIcon
      message={title}
      description={message}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            Retry
          </Button>
        ) : undefined
      }
    />
  );
}
