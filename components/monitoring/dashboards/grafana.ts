// A small typed builder for Grafana dashboard JSON: a dashboard is a title, a few
// template variables and a list of panels, each a title, a unit and PromQL
// queries. Layout, ids and the datasource wiring are computed here, so the
// dashboard files read as what they show.

export interface Query {
    expr: string;
    // Series name in the legend, e.g. "{{pod}}".
    legend?: string;
}

export interface PanelSpec {
    kind: "timeseries" | "stat";
    title: string;
    description?: string;
    // A Grafana unit id: "short", "bytes", "decmbytes", "ms", "s", "dateTimeFromNow", "percentunit", "reqps"...
    unit: string;
    queries: Query[];
    // Width in grid columns (24 per row).
    width?: number;
}

export interface VariableSpec {
    name: string;
    label: string;
    // label_values(...) query run against Prometheus.
    query: string;
}

export interface DashboardSpec {
    uid: string;
    title: string;
    tags: string[];
    variables: VariableSpec[];
    panels: PanelSpec[];
}

// The JSON shape Grafana reads (the subset this builder writes).
export interface GrafanaDashboard {
    uid: string;
    title: string;
    tags: string[];
    editable: boolean;
    schemaVersion: number;
    refresh: string;
    time: { from: string; to: string };
    templating: { list: Record<string, unknown>[] };
    panels: GrafanaPanel[];
}

export interface GrafanaPanel {
    id: number;
    type: PanelSpec["kind"];
    title: string;
    description?: string;
    datasource: typeof datasourceRef;
    gridPos: { x: number; y: number; w: number; h: number };
    fieldConfig: { defaults: { unit: string }; overrides: unknown[] };
    options: Record<string, unknown>;
    targets: { refId: string; datasource: typeof datasourceRef; expr: string; legendFormat: string }[];
}

// Every panel queries the data source chosen in the dashboard's first variable,
// so the dashboards also work against another Prometheus than the bundled one.
const datasourceRef = { type: "prometheus", uid: "${datasource}" } as const;
const gridColumns = 24;
const panelHeight = 8;
// Grafana's dashboard JSON schema version these dashboards are written in.
const grafanaSchemaVersion = 39;

export function buildDashboard(spec: DashboardSpec): GrafanaDashboard {
    return {
        uid: spec.uid,
        title: spec.title,
        tags: spec.tags,
        // Provisioned from a ConfigMap: edits in the UI would be lost on the next sync.
        editable: false,
        schemaVersion: grafanaSchemaVersion,
        refresh: "1m",
        time: { from: "now-6h", to: "now" },
        templating: { list: [datasourceVariable(), ...spec.variables.map(queryVariable)] },
        panels: layout(spec.panels),
    };
}

function layout(panels: PanelSpec[]): GrafanaPanel[] {
    let x = 0;
    let y = 0;
    return panels.map((panel, index) => {
        const w = panel.width ?? 12;
        if (x + w > gridColumns) {
            x = 0;
            y += panelHeight;
        }
        const built = buildPanel(panel, index + 1, { x, y, w, h: panelHeight });
        x += w;
        return built;
    });
}

function buildPanel(panel: PanelSpec, id: number, gridPos: GrafanaPanel["gridPos"]): GrafanaPanel {
    return {
        id,
        type: panel.kind,
        title: panel.title,
        ...(panel.description ? { description: panel.description } : {}),
        datasource: datasourceRef,
        gridPos,
        fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
        options:
            panel.kind === "stat"
                ? { reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false }, colorMode: "value", graphMode: "area" }
                : { legend: { displayMode: "list", placement: "bottom", showLegend: true }, tooltip: { mode: "multi", sort: "desc" } },
        targets: panel.queries.map((query, i) => ({
            refId: String.fromCharCode(65 + i),
            datasource: datasourceRef,
            expr: query.expr,
            legendFormat: query.legend ?? "__auto",
        })),
    };
}

function datasourceVariable(): Record<string, unknown> {
    return { name: "datasource", label: "Data source", type: "datasource", query: "prometheus", hide: 0, current: {} };
}

function queryVariable(variable: VariableSpec): Record<string, unknown> {
    return {
        name: variable.name,
        label: variable.label,
        type: "query",
        datasource: datasourceRef,
        // The plain-string form: every Grafana version reads it (newer ones migrate it).
        query: variable.query,
        definition: variable.query,
        // Refresh the choices when the dashboard loads: namespaces appear with sites.
        refresh: 1,
        sort: 1,
        hide: 0,
        includeAll: false,
        multi: false,
        current: {},
    };
}

