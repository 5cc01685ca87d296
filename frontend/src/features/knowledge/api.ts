import { api, readTotalCount } from "../../api/client";
import { apiErrorFrom } from "../../api/problem";
import { fetchData, send } from "../../api/request";
import { currentAccessToken, endSession } from "../../api/session";
import type {
  IngestRequest,
  IngestResponse,
  KbDocument,
  KbDocumentSummary,
  KbSearchResponse,
  Page,
  SimilarTicket,
  Suggestion,
} from "../../api/types";

export const knowledgeKeys = {
  all: ["knowledge"] as const,
  documents: () => [...knowledgeKeys.all, "documents"] as const,
  documentPage: (page: number, pageSize: number) => [...knowledgeKeys.documents(), "page", page, pageSize] as const,
  document: (id: string) => [...knowledgeKeys.documents(), "detail", id] as const,
  suggestions: (q: string) => [...knowledgeKeys.all, "suggest", q] as const,
  similar: (ticketId: number) => ["tickets", "detail", ticketId, "similar"] as const,
};

export async function listDocuments(page: number, pageSize: number): Promise<Page<KbDocumentSummary>> {
  const { data, response } = await send(api.GET("/api/kb/documents", { params: { query: { page, page_size: pageSize } } }));
  return { items: data, total: readTotalCount(response, data.length) };
}

export function getDocument(id: string): Promise<KbDocument> {
  return fetchData(api.GET("/api/kb/documents/{document_id}", { params: { path: { document_id: id } } }));
}

export async function deleteDocument(id: string): Promise<void> {
  await send(api.DELETE("/api/kb/documents/{document_id}", { params: { path: { document_id: id } } }));
}

/** Deletes chunks (or whole documents) by id; resolves to how many of the ids existed. */
export async function deleteByIds(ids: string[]): Promise<number> {
  return (await fetchData(api.POST("/api/kb/delete", { body: { ids } }))).deleted;
}

export function ingestDocuments(body: IngestRequest): Promise<IngestResponse> {
  return fetchData(api.POST("/api/kb/ingest", { body }));
}

export function searchKnowledge(query: string, nResults: number): Promise<KbSearchResponse> {
  return fetchData(api.POST("/api/kb/search", { body: { query, n_results: nResults } }));
}

export async function suggestArticles(q: string, n = 3): Promise<Suggestion[]> {
  return (await fetchData(api.GET("/api/kb/suggest", { params: { query: { q, n } } }))).suggestions;
}

/** Past tickets like this one, and the score from which one is about the same problem (0: unknown scale). */
export async function similarTickets(ticketId: number, n = 5): Promise<{ similar: SimilarTicket[]; closeMatch: number }> {
  const found = await fetchData(api.GET("/api/tickets/{ticket_id}/similar", { params: { path: { ticket_id: ticketId }, query: { n } } }));
  return { similar: found.similar, closeMatch: found.close_match };
}

export interface UploadOptions {
  file: File;
  title?: string;
  /** Called with the share of the request body sent so far, 0..1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * Uploads one file as a document (multipart `POST /api/kb/documents/upload`). XMLHttpRequest,
 * not fetch, because only it reports upload progress. Like every API call it carries the
 * bearer token, and a 401 ends the session.
 */
export function uploadDocument({ file, title, onProgress, signal }: UploadOptions): Promise<IngestResponse> {
  const form = new FormData();
  form.append("file", file, file.name);
  if (title?.trim()) form.append("title", title.trim());
  return new Promise<IngestResponse>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/kb/documents/upload");
    const token = currentAccessToken();
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      const response = new Response(xhr.responseText, {
        status: xhr.status,
        headers: { "Content-Type": xhr.getResponseHeader("Content-Type") ?? "application/json" },
      });
      let body: unknown = undefined;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(body as IngestResponse);
        return;
      }
      if (xhr.status === 401) endSession("expired");
      reject(apiErrorFrom(body, response));
    };
    xhr.onerror = () => reject(new Error("The upload failed: the server could not be reached."));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(form);
  });
}
