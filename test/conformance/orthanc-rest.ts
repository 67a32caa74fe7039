// Orthanc's REST API with HTTP basic authentication, as an operator or
// Prometheus reaches it.
export interface Credentials {
    username: string;
    password: string;
}

export interface RestResponse {
    status: number;
    body: string;
}

export class OrthancRest {
    constructor(
        readonly baseUrl: string,
        private readonly credentials?: Credentials,
    ) {}

    as(credentials: Credentials | undefined): OrthancRest {
        return new OrthancRest(this.baseUrl, credentials);
    }

    async request(method: string, path: string, body?: string | Uint8Array): Promise<RestResponse> {
        const headers: Record<string, string> = {};
        if (this.credentials) {
            const token = Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString("base64");
            headers.Authorization = `Basic ${token}`;
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
