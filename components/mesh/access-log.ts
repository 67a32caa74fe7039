// The format of every Envoy's access log. Istio's default (EnvoyTextLogFormat in
// istio/istio pilot/pkg/model/telemetry_logging.go) logs each request's path with
// its query, and DICOMweb queries carry patient data in it
// (/dicom-web/studies?PatientName=...), which would defeat Orthanc's DeidentifyLogs.
// This is that default with the path logged without its query: Envoy's
// REQ_WITHOUT_QUERY operator, whose formatter extension istiod adds by itself
// whenever the format uses it. The headers logged are only the default's: no
// Referer or Cookie, which can carry the same data.
export const accessLogFormat =
    '[%START_TIME%] "%REQ(:METHOD)% %REQ_WITHOUT_QUERY(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" ' +
    "%RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% " +
    '"%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION% ' +
    '%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" ' +
    '"%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% ' +
    "%UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% " +
    "%REQUESTED_SERVER_NAME% %ROUTE_NAME%\n";
