import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { CategoryDescription, ClassifierStatus } from "../../../api/types";
import { aiKeys, getCategories, getClassifier, getProvider, saveCategories, trainClassifier } from "../api";

/** How often the settings page asks for the classifier's state while it trains. */
export const TRAINING_POLL_INTERVAL_MS = 2000;

/**
 * The classifier's state, and Train. After Train (202) the state is polled until the
 * training is over: while the server says "training", and until a new model (a new
 * `trained_at`) or a failure shows up, in case the job had not started yet when asked.
 */
export function useClassifier() {
  const queryClient = useQueryClient();
  const [awaiting, setAwaiting] = useState<{ trainedAt: string | null } | null>(null);
  const stillTraining = (data: ClassifierStatus | undefined) =>
    data?.status === "training" || (awaiting !== null && data !== undefined && data.status !== "failed" && data.trained_at === awaiting.trainedAt);
  const classifier = useQuery({
    queryKey: aiKeys.classifier(),
    queryFn: getClassifier,
    refetchInterval: (query) => (stillTraining(query.state.data) ? TRAINING_POLL_INTERVAL_MS : false),
  });
  const train = useMutation({
    mutationFn: trainClassifier,
    onMutate: () => setAwaiting({ trainedAt: classifier.data?.trained_at ?? null }),
    onError: () => setAwaiting(null),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: aiKeys.classifier() }),
  });
  if (awaiting !== null && classifier.data && !stillTraining(classifier.data)) setAwaiting(null);
  return { classifier, train, training: train.isPending || stillTraining(classifier.data) };
}

export function useCategories() {
  return useQuery({ queryKey: aiKeys.categories(), queryFn: getCategories });
}

export function useSaveCategories() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (items: CategoryDescription[]) => saveCategories(items),
    onSuccess: (items) => queryClient.setQueryData(aiKeys.categories(), items),
  });
}

export function useProvider() {
  return useQuery({ queryKey: aiKeys.provider(), queryFn: getProvider });
}
