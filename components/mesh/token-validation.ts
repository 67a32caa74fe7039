// Istio checks the sign-in tokens at Orthanc's sidecar before Orthanc sees a
// request: a token that is forged, expired or from another issuer is refused
// there with 401. A request without a token passes on (Orthanc Explorer 2's own
// files load before sign-in); Orthanc's authorization plugin then refuses it
// whatever it asks for.
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";

export interface TokenValidationArgs {
    namespace: pulumi.Input<string>;
    /** The pods whose sidecar checks tokens. */
    selector: Record<string, string>;
    /** The realm's issuer (iss), as Keycloak writes it. */
    issuer: pulumi.Input<string>;
    /** The realm's public keys (JWKS JSON), given inline. */
    jwks: pulumi.Input<string>;
    /** What must exist first: istiod, whose webhook validates the object. */
    controlPlane: pulumi.Resource;
}

// Where the tokens arrive: Orthanc Explorer 2 sends "token: Bearer ...", scripts
// "Authorization: Bearer ..." (a Basic Authorization header does not carry the
// prefix and is not taken for a token).
export const tokenHeaders = [
    { name: "token", prefix: "Bearer " },
    { name: "Authorization", prefix: "Bearer " },
];

export function requestAuthenticationSpec(args: Pick<TokenValidationArgs, "selector" | "issuer" | "jwks">) {
    return {
        selector: { matchLabels: args.selector },
        jwtRules: [
            {
                issuer: args.issuer,
                jwks: args.jwks,
                fromHeaders: tokenHeaders,
                // The token must reach Orthanc too: its plugin asks the auth
                // service about it. Istio strips it after checking otherwise.
                forwardOriginalToken: true,
            },
        ],
    };
}

export function tokenValidation(name: string, args: TokenValidationArgs, opts: pulumi.CustomResourceOptions): CustomResource {
    return new CustomResource(
        name,
        { apiVersion: "security.istio.io/v1", kind: "RequestAuthentication", metadata: { name, namespace: args.namespace }, spec: requestAuthenticationSpec(args) },
        { ...opts, dependsOn: [args.controlPlane] },
    );
}
