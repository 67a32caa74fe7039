// How replicas of one workload spread over the cluster. Never two on one node
// while another node could take one: a node lost must not take every replica.
// Across zones only as a preference: most on-prem clusters have a single zone,
// and nodes without the zone label do not block scheduling.
import type * as k8s from "@pulumi/kubernetes";

export const hostnameTopologyKey = "kubernetes.io/hostname";
export const zoneTopologyKey = "topology.kubernetes.io/zone";

type Constraint = k8s.types.input.core.v1.TopologySpreadConstraint;

export function spreadAcrossZones(selector: Record<string, string>): Constraint {
    return { maxSkew: 1, topologyKey: zoneTopologyKey, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector } };
}

export function spreadAcrossNodesAndZones(selector: Record<string, string>): Constraint[] {
    return [
        {
            maxSkew: 1,
            topologyKey: hostnameTopologyKey,
            whenUnsatisfiable: "DoNotSchedule",
            // Nodes that cannot take the pods (tainted control planes) are not
            // domains: counting them would leave replicas pending for ever.
            nodeTaintsPolicy: "Honor",
            labelSelector: { matchLabels: selector },
        },
        spreadAcrossZones(selector),
    ];
}
