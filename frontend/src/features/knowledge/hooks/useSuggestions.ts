import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDebouncedValue } from "../../../shared/useDebouncedValue";
import { knowledgeKeys, suggestArticles } from "../api";

/** The server gives no suggestions for fewer characters. */
export const MIN_SUGGEST_CHARS = 3;
export const SUGGEST_DEBOUNCE_MS = 400;

/** Articles for what is being typed, asked for once the text has rested for a moment. */
export function useSuggestions(text: string) {
  const q = useDebouncedValue(text.replace(/\s+/g, " ").trim().slice(0, 500), SUGGEST_DEBOUNCE_MS);
  const enabled = q.length >= MIN_SUGGEST_CHARS;
  const query = useQuery({
    queryKey: knowledgeKeys.suggestions(q),
    queryFn: () => suggestArticles(q),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  return { ...query, suggestions: enabled ? (query.data ?? []) : [] };
}
