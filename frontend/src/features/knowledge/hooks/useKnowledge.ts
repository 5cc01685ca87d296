import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { IngestRequest } from "../../../api/types";
import {
  deleteByIds,
  deleteDocument,
  getDocument,
  ingestDocuments,
  knowledgeKeys,
  listDocuments,
  searchKnowledge,
  uploadDocument,
  type UploadOptions,
} from "../api";

export function useDocuments(page: number, pageSize: number, options: { enabled: boolean }) {
  return useQuery({
    queryKey: knowledgeKeys.documentPage(page, pageSize),
    queryFn: () => listDocuments(page, pageSize),
    placeholderData: keepPreviousData,
    enabled: options.enabled,
  });
}

export function useDocument(id: string | null) {
  return useQuery({ queryKey: knowledgeKeys.document(id ?? ""), queryFn: () => getDocument(id ?? ""), enabled: id !== null });
}

/** Any change to the knowledge base: documents, open documents and earlier search results are stale. */
function useInvalidateKnowledge() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
}

export function useIngest() {
  const invalidate = useInvalidateKnowledge();
  return useMutation({ mutationFn: (body: IngestRequest) => ingestDocuments(body), onSuccess: invalidate });
}

export function useUpload() {
  const invalidate = useInvalidateKnowledge();
  return useMutation({ mutationFn: (options: UploadOptions) => uploadDocument(options), onSuccess: invalidate });
}

export function useDeleteDocument() {
  const invalidate = useInvalidateKnowledge();
  return useMutation({ mutationFn: (id: string) => deleteDocument(id), onSuccess: invalidate });
}

export function useDeleteIds() {
  const invalidate = useInvalidateKnowledge();
  return useMutation({ mutationFn: (ids: string[]) => deleteByIds(ids), onSuccess: invalidate });
}

export function useSearch() {
  return useMutation({ mutationFn: ({ query, topK }: { query: string; topK: number }) => searchKnowledge(query, topK) });
}
