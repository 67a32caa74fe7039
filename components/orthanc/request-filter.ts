// Orthanc's Lua IncomingHttpRequestFilter, run by Orthanc for every REST call the
// authorization plugin has let through. Two jobs:
// - The metrics user: Orthanc's own authentication is off (single sign-on,
//   sign-in.ts), so Orthanc checks no password and hands the filter any name a
//   Basic header claims (measured on Orthanc 1.10.1), and the authorization plugin
//   lets the metrics path through unchecked. The filter checks the metrics user's
//   password itself, from the Basic header against secretEnv.metricsPassword in the
//   environment: the metrics path answers only that user with its password, and a
//   request that claims that user anywhere else is refused.
// - An audit trail: every call that changes, deletes or exports data is written to
//   Orthanc's log, and appended to a file the audit-metrics sidecar counts
//   (audit-metrics.ts), with the person, the kind of action, the client's address,
//   the method and the path. The path only (Orthanc hands the filter no query
//   string, and the body is not read): paths carry Orthanc's identifiers and DICOM
//   UIDs, never a patient's name from the archive.
//
// Who the person is: the preferred_username of the bearer token the request carries (header "token", as Orthanc Explorer 2
// sends Keycloak's access token, or "authorization", as scripts do), or the name
// of a Basic header. The token's
// signature is not checked here, and need not be: Orthanc calls the plugins' HTTP
// filters before this Lua filter and refuses the request when a plugin refuses it
// (Orthanc core, OrthancServer/Sources/main.cpp, MyIncomingHttpRequestFilter::
// IsAllowed), so a request reaches this filter only once the authorization plugin
// has had its auth service accept its credentials.
// A request that names more than one identity is logged as "(ambiguous)", never as
// one of them: the plugin grants a request when any one of its tokens is granted
// (orthanc-authorization Plugin/Plugin.cpp, IsResourceAccessGranted and the user
// profile loop), and Orthanc hands the filter whatever user name a Basic header
// claims, without checking its password. So a valid token plus
// a made-up Basic name, or a second forged token, must not choose the name.
import { auditIdentityClaim } from "../identity/roles";
import { podEnv, secretEnv } from "./paths";

export const metricsPath = "/tools/metrics-prometheus";

// Marks each audit line, for the log collector and for people grepping.
export const auditMarker = "AUDIT";

// The audit line's fields, in this order:
//   AUDIT user=<who> action=<delete|export|change> ip=<client> <METHOD> <path>
export const auditActions = ["delete", "export", "change"] as const;
export type AuditAction = (typeof auditActions)[number];

// What the user field says when there is no name to give. Parentheses are outside
// the characters a name may have, so no person can be mistaken for one of these.
export const auditUserMarkers = {
    // Neither a basic-auth user nor a bearer token (Orthanc without authentication).
    none: "(none)",
    // A bearer token whose payload is not JSON or lacks the claim.
    unreadableToken: "(unreadable-token)",
    // A name with characters outside allowedUserPattern, or too long.
    invalid: "(invalid)",
    // Several identities that disagree (a Basic name and a token, two tokens).
    ambiguous: "(ambiguous)",
} as const;

// A name goes into log lines (where a newline would forge a line) and metric
// labels: letters, digits and . _ @ - only, as Keycloak user names and e-mail
// style logins have; anything else is replaced by the "(invalid)" marker.
export const allowedUserPattern = /^[A-Za-z0-9._@-]+$/;
// The same set as a Lua pattern (explicit ranges: %w would follow the C locale).
const allowedUserLuaPattern = "^[A-Za-z0-9%._@%-]+$";
export const maxUserLength = 64;
// Paths are printed with every other character replaced by "?" (Orthanc decodes
// %0A in a path: a newline would otherwise start a forged AUDIT line), and cut.
const pathCharacterClass = "[^%w%-%._~/:@,=+]";
const maxPathLength = 512;

// Reads sent as POST (Orthanc Explorer's searches): not audited, like every GET.
const searchPaths = ["/tools/find", "/tools/lookup"];
// GETs that hand out DICOM data in bulk: exports, so audited.
const exportSuffixes = ["/archive", "/media", "/file"];
// POST routes that delete (the authorization plugin's and Orthanc's bulk delete).
const deletePostPaths = ["/tools/bulk-delete"];
// The header names the filter looks in for a bearer token; Orthanc hands the
// filter header names in lowercase.
const tokenHeaders = ["token", "authorization"];
// A JWT payload longer than this is not decoded (Keycloak's are a few KiB).
const maxTokenPayloadCharacters = 16384;

export interface RequestFilterOptions {
    /**
     * Past this size the audit file is emptied before the next line: the volume it
     * lives on is small, and the file only feeds counters (the log is the record).
     * @default 1048576 (1 MiB)
     */
    auditFileMaxBytes?: number;
}

export const defaultAuditFileMaxBytes = 1024 * 1024;

export function buildRequestFilterLua(metricsUser: string, options: RequestFilterOptions = {}): string {
    if (!/^[a-z][a-z0-9-]*$/.test(metricsUser)) {
        // The name is written into Lua source below.
        throw new Error(`metrics user ${JSON.stringify(metricsUser)} must be lowercase letters, digits and '-'`);
    }
    const maxBytes = options.auditFileMaxBytes ?? defaultAuditFileMaxBytes;
    if (!Number.isInteger(maxBytes) || maxBytes < 4096) {
        throw new Error(`auditFileMaxBytes must be a whole number of bytes, at least 4096, got ${maxBytes}`);
    }
    const luaString = (text: string) => JSON.stringify(text);
    const luaList = (items: readonly string[]) => `{ ${items.map(luaString).join(", ")} }`;
    const m = auditUserMarkers;
    return [
        "-- Generated by imaging-platform (components/orthanc/request-filter.ts).",
        `local searches = ${luaList(searchPaths)}`,
        `local exports = ${luaList(exportSuffixes)}`,
        `local deletePosts = ${luaList(deletePostPaths)}`,
        `local tokenHeaders = ${luaList(tokenHeaders)}`,
        `local identityClaim = ${luaString(auditIdentityClaim)}`,
        `local auditFile = os.getenv(${luaString(podEnv.auditFile)})`,
        `local auditFileMaxBytes = ${maxBytes}`,
        "",
        "local function listed(uri, paths)",
        "  for _, path in ipairs(paths) do",
        "    if uri == path then return true end",
        "  end",
        "  return false",
        "end",
        "",
        "local function exported(uri)",
        "  for _, suffix in ipairs(exports) do",
        "    if string.sub(uri, -string.len(suffix)) == suffix then return true end",
        "  end",
        "  return false",
        "end",
        "",
        "-- base64url (RFC 4648 section 5) by arithmetic only: no bit operators, which",
        "-- differ between Lua versions.",
        'local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"',
        "local sextets = {}",
        "for i = 1, 64 do sextets[string.sub(alphabet, i, i)] = i - 1 end",
        "local powers = { [0] = 1, 2, 4, 8, 16, 32, 64, 128 }",
        "",
        "local function base64UrlDecode(text)",
        '  text = string.gsub(text, "=+$", "")',
        "  local bytes, buffer, bits = {}, 0, 0",
        "  for i = 1, string.len(text) do",
        "    local value = sextets[string.sub(text, i, i)]",
        "    if value == nil then return nil end",
        "    buffer = buffer * 64 + value",
        "    bits = bits + 6",
        "    if bits >= 8 then",
        "      bits = bits - 8",
        "      local byte = math.floor(buffer / powers[bits])",
        "      bytes[#bytes + 1] = string.char(byte)",
        "      buffer = buffer - byte * powers[bits]",
        "    end",
        "  end",
        "  return table.concat(bytes)",
        "end",
        "",
        "local function bearerToken(value)",
        '  if type(value) ~= "string" then return nil end',
        '  return string.match(value, "^[Bb][Ee][Aa][Rr][Ee][Rr]%s+(%S+)%s*$")',
        "end",
        "",
        "-- The token's claim; no signature check (see request-filter.ts: the",
        "-- authorization plugin has verified the token before this filter runs).",
        "local function tokenPerson(token)",
        '  local payload = string.match(token, "^[^.]+%.([^.]+)%.[^.]*$")',
        "  if payload == nil or string.len(payload) > " + maxTokenPayloadCharacters + " then return nil end",
        "  local json = base64UrlDecode(payload)",
        "  if json == nil then return nil end",
        "  local claims = ParseJson(json)",
        '  if type(claims) ~= "table" then return nil end',
        "  local person = claims[identityClaim]",
        '  if type(person) ~= "string" then return nil end',
        "  return person",
        "end",
        "",
        "local function sanitized(name)",
        `  if string.len(name) > ${maxUserLength} or string.match(name, ${luaString(allowedUserLuaPattern)}) == nil then`,
        `    return ${luaString(m.invalid)}`,
        "  end",
        "  return name",
        "end",
        "",
        "-- Every identity the request names: the Basic user, each bearer token's person.",
        "local function who(username, httpHeaders)",
        "  local names = {}",
        '  if username ~= nil and username ~= "" then',
        "    names[#names + 1] = sanitized(username)",
        "  end",
        "  for _, header in ipairs(tokenHeaders) do",
        "    local token = bearerToken(httpHeaders[header])",
        "    if token ~= nil then",
        "      local ok, person = pcall(tokenPerson, token)",
        `      names[#names + 1] = (ok and person ~= nil) and sanitized(person) or ${luaString(m.unreadableToken)}`,
        "    end",
        "  end",
        `  if #names == 0 then return ${luaString(m.none)} end`,
        "  for i = 2, #names do",
        `    if names[i] ~= names[1] then return ${luaString(m.ambiguous)} end`,
        "  end",
        "  return names[1]",
        "end",
        "",
        "local function printablePath(uri)",
        `  local path = string.gsub(uri, ${luaString(pathCharacterClass)}, "?")`,
        `  return string.sub(path, 1, ${maxPathLength})`,
        "end",
        "",
        "-- The file feeds only the audit counters: when it cannot be written the",
        "-- request still goes ahead (the line in Orthanc's log is the record), and",
        "-- the failure is said once.",
        "local auditFileFailed = false",
        "local function appendToAuditFile(line)",
        '  if auditFile == nil or auditFile == "" then return end',
        '  local file = io.open(auditFile, "a")',
        "  if file ~= nil and (file:seek(\"end\") or 0) >= auditFileMaxBytes then",
        "    file:close()",
        '    file = io.open(auditFile, "w")',
        "  end",
        "  if file == nil then",
        "    if not auditFileFailed then",
        '      print("audit file " .. auditFile .. " cannot be written; the audit counters miss these lines")',
        "      auditFileFailed = true",
        "    end",
        "    return",
        "  end",
        '  file:write(line, "\\n")',
        "  file:close()",
        "end",
        "",
        "-- Created now, at Orthanc's start: mtail reads a file it finds later only",
        "-- from its end, and would miss the first line written into a new file.",
        'if auditFile ~= nil and auditFile ~= "" then',
        '  local file = io.open(auditFile, "a")',
        "  if file ~= nil then file:close() end",
        "end",
        "",
        "local function action(method, uri)",
        '  if method == "DELETE" or (method == "POST" and listed(uri, deletePosts)) then return "delete" end',
        '  if method == "GET" or method == "HEAD" then',
        '    if method == "GET" and exported(uri) then return "export" end',
        "    return nil",
        "  end",
        "  if listed(uri, searches) then return nil end",
        '  return "change"',
        "end",
        "",
        ...metricsPasswordCheck(metricsUser),
        "function IncomingHttpRequestFilter(method, uri, ip, username, httpHeaders)",
        `  -- ${metricsPath} answers only the "${metricsUser}" user with its password, and`,
        "  -- nothing else answers a request that claims that user.",
        "  if isMetricsPath(uri) then",
        '    return method == "GET" and isMetricsCaller(httpHeaders)',
        "  end",
        "  if claimsMetricsUser(username, httpHeaders) then return false end",
        "  local kind = action(method, uri)",
        "  if kind ~= nil then",
        `    local line = "${auditMarker} user=" .. who(username, httpHeaders) .. " action=" .. kind .. " ip=" .. tostring(ip) .. " " .. method .. " " .. printablePath(uri)`,
        "    print(line)",
        "    appendToAuditFile(line)",
        "  end",
        "  return true",
        "end",
        "",
    ].join("\n");
}

// The Lua that checks the metrics user's password, which Orthanc does not (see
// the top of this file). It reuses the filter's base64url
// decoder: a Basic header is standard base64, whose two other characters are
// mapped onto base64url's after every character has been checked.
function metricsPasswordCheck(metricsUser: string): string[] {
    const luaString = (text: string) => JSON.stringify(text);
    return [
        `local metricsUser = ${luaString(metricsUser)}`,
        `local metricsPath = ${luaString(metricsPath)}`,
        "-- Read at start, like Orthanc reads its configuration: a new password restarts the pod.",
        `local metricsPassword = os.getenv(${luaString(secretEnv.metricsPassword)})`,
        "",
        "-- The user:password of an Authorization: Basic header, or nil.",
        "local function basicCredentials(value)",
        '  if type(value) ~= "string" then return nil end',
        '  local encoded = string.match(value, "^[Bb][Aa][Ss][Ii][Cc]%s+([A-Za-z0-9+/]+=*)%s*$")',
        "  if encoded == nil then return nil end",
        '  return base64UrlDecode((string.gsub(encoded, "[+/]", { ["+"] = "-", ["/"] = "_" })))',
        "end",
        "",
        "-- Every byte is compared whatever the first difference: the time an answer",
        "-- takes does not tell how much of a guessed password was right.",
        "local function sameText(a, b)",
        "  if string.len(a) ~= string.len(b) then return false end",
        "  local differ = false",
        "  for i = 1, string.len(a) do",
        "    if string.byte(a, i) ~= string.byte(b, i) then differ = true end",
        "  end",
        "  return not differ",
        "end",
        "",
        "-- No password in the environment lets no one in.",
        "local function isMetricsCaller(httpHeaders)",
        '  if metricsPassword == nil or metricsPassword == "" then return false end',
        '  local credentials = basicCredentials(httpHeaders["authorization"])',
        '  return credentials ~= nil and sameText(credentials, metricsUser .. ":" .. metricsPassword)',
        "end",
        "",
        "-- The name Orthanc hands the filter is the Basic header's, checked by no one.",
        "local function claimsMetricsUser(username, httpHeaders)",
        "  if username == metricsUser then return true end",
        '  local credentials = basicCredentials(httpHeaders["authorization"])',
        '  return credentials ~= nil and string.match(credentials, "^[^:]*") == metricsUser',
        "end",
        "",
        "-- Orthanc hands the filters the path with doubled slashes collapsed but a",
        "-- trailing slash kept, and serves the metrics there too (both measured on",
        "-- 1.10.1): that spelling is held to the same rule.",
        "local function isMetricsPath(uri)",
        '  return uri == metricsPath or uri == metricsPath .. "/"',
        "end",
        "",
    ];
}
