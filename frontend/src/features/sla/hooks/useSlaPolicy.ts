import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SlaPolicyUpdate } from "../../../api/types";
import { useCurrentAccount } from "../../auth/currentAccount";
import { DEFAULT_AT_RISK_MINUTES } from "../../tickets/sla";
import { getSlaPolicy, saveSlaPolicy, slaKeys } from "../api";

/** How long SLA badges trust the policy they read (the at-risk window changes only with a server restart). */
const BADGE_STALE_MS = 5 * 60_000;

/** The SLA policy and the server's at-risk window (agents and admins only: customers get 403). */
export function useSlaPolicy() {
  return useQuery({ queryKey: slaKeys.policy(), queryFn: getSlaPolicy });
}

/** Replaces the policy (admins); the cached policy becomes the server's answer. */
export function useSaveSlaPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SlaPolicyUpdate) => saveSlaPolicy(body),
    onSuccess: (saved) => queryClient.setQueryData(slaKeys.policy(), saved),
  });
}

/**
 * The at-risk window for SLA badges, in minutes: for staff the server's `SLA_AT_RISK_MINUTES`
 * (read with the policy, once for all badges), for customers, who may not read the policy, the
 * default 60 minutes. Until the policy has loaded (or if it cannot be read) the default applies.
 * `wanted`: false when the caller has no SLA clock to judge (no request is made then).
 */
export function useAtRiskMinutes(wanted = true): number {
  const { permissions } = useCurrentAccount();
  const policy = useQuery({
    queryKey: slaKeys.policy(),
    queryFn: getSlaPolicy,
    enabled: wanted && permissions.seeSlaPolicy,
    staleTime: BADGE_STALE_MS,
  });
  return permissions.seeSlaPolicy ? (policy.data?.at_risk_minutes ?? DEFAULT_AT_RISK_MINUTES) : DEFAULT_AT_RISK_MINUTES;
}
