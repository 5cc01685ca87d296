import { api } from "../../api/client";
import { fetchData } from "../../api/request";
import type { SlaPolicy, SlaPolicyUpdate } from "../../api/types";

export const slaKeys = {
  all: ["sla"] as const,
  policy: () => [...slaKeys.all, "policy"] as const,
};

/**
 * The SLA policy in force (targets per priority, business hours) and the server's at-risk
 * window `at_risk_minutes` (SLA_AT_RISK_MINUTES, read-only). Agents and admins; 403 for customers.
 */
export function getSlaPolicy(): Promise<SlaPolicy> {
  return fetchData(api.GET("/api/sla/policies"));
}

/**
 * Replaces the whole policy (admins); the answer is the policy as stored. The body never
 * carries `at_risk_minutes`: the server refuses it (a setting of the server, not of the policy).
 */
export function saveSlaPolicy(body: SlaPolicyUpdate): Promise<SlaPolicy> {
  return fetchData(api.PUT("/api/sla/policies", { body }));
}
