// Orthanc's REST API as a client reaches it: a person or script with a bearer
// token, Prometheus with the metrics user's basic authentication, or no one.
export interface Credentials {
    username: string;
    password: string;
}

export function basicAuthorization(credentials: Credentials): string {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}

export interface RestResponse {
    status: number;
    body: string;
}

export class OrthancRest {
    constructor(
        readonly baseUrl: string,
        // The Authorization header sent with every request; none: anonymous.
        private readonly authorization?: string,
    ) {}

    // The same server, as a basic-auth user or anonymously.
    as(credentials: Credentials | undefined): OrthancRest {
        return new OrthancRest(this.baseUrl, credentials ? basicAuthorization(credentials) : undefined);
    }

    async request(method: string, path: string, body?: string | Uint8Array): Promise<RestResponse> {
        const headers: Record<string, string> = {};
        if (this.authorization !== undefined) {
            headers.Authorization = this.authorization;
        }
        const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
        return { status: response.status, body: await response.text() };
    }

    async getJson<T>(path: string): Promise<T> {
        const response = await this.request("GET", path);
        if (response.status !== 200) {
            throw new Error(`GET ${path}: HTTP ${response.status} ${response.body}`);
        }
        return JSON.parse(response.body) as T;
    }

    async instanceCount(): Promise<number> {
        return (await this.getJson<string[]>("/instances")).length;
    }

    async storedSopInstanceUids(): Promise<string[]> {
        const instances = await this.getJson<{ MainDicomTags: { SOPInstanceUID: string } }[]>("/instances?expand");
        return instances.map((instance) => instance.MainDicomTags.SOPInstanceUID);
    }

    // The UIDs of a study (the study's own and each instance's) that Orthanc knows
    // at any level; empty when nothing of it was stored.
    async storedOf(study: { studyInstanceUid: string; sopInstanceUids: string[] }): Promise<string[]> {
        const found: string[] = [];
        for (const uid of [study.studyInstanceUid, ...study.sopInstanceUids]) {
            const response = await this.request("POST", "/tools/lookup", uid);
            if (response.status !== 200) {
                throw new Error(`POST /tools/lookup: HTTP ${response.status} ${response.body}`);
            }
            if ((JSON.parse(response.body) as unknown[]).length > 0) {
                found.push(uid);
            }
        }
        return found;
    }
}
