import { useState } from "react";

/**
 * Local, editable text that starts from `source` and starts over whenever `source` changes
 * (e.g. a search box whose committed value lives in the URL, and the agent goes back).
 */
export function useDraft(source: string) {
  const [draft, setDraft] = useState(source);
  const [lastSource, setLastSource] = useState(source);
  if (source !== lastSource) {
    setLastSource(source);
    setDraft(source);
  }
  return [draft, setDraft] as const;
}
