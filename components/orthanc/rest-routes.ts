// Orthanc's REST API divided for the gateway (see the Orthanc Book's REST
// reference). Reads are GET, plus the two searches Orthanc Explorer sends as POST.
// Administrative routes configure Orthanc or reach other systems: listed even for
// GET, since their answers describe the site's modalities, peers and jobs.
export const readOnlyPostPaths = ["/tools/find", "/tools/lookup"];

export const writeMethods = ["DELETE", "PUT", "PATCH"];

export const administrativePaths = [
    "/modalities*",
    "/peers*",
    "/jobs*",
    "/tools/reset",
    "/tools/shutdown",
    "/tools/execute-script",
    "/tools/log-level*",
];
