// CPU and memory for a container, in Kubernetes quantities ("500m", "2Gi").
export interface ContainerResources {
    requests: { cpu: string; memory: string };
    limits: { cpu: string; memory: string };
}
