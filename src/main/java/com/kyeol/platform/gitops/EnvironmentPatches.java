package com.kyeol.platform.gitops;

import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.data.AppSecrets;
import com.pulumi.core.Output;

import java.util.List;
import java.util.Map;

/**
 * What makes {@code gitops/base} one environment's Saleor, derived from the stack and handed to Kustomize by the
 * environment's Application (so an overlay holds only its tier and its storefront image tag): the Ingress's origin
 * hostname (rule host, TLS host, ExternalDNS record), the environment's Secrets Manager secret and the dashboard's
 * public API URL. Each is a JSON6902 patch of a placeholder in {@code gitops/base}.
 */
public final class EnvironmentPatches {

    /** The ExternalSecret of Saleor's own secrets and the dashboard Deployment in {@code gitops/base}. */
    public static final String APP_SECRET = "saleor-app";
    public static final String DASHBOARD = "saleor-dashboard";

    private EnvironmentPatches() {
    }

    /** Kustomize patches ({@code target} + {@code patch}) for the environment's Application. */
    public static List<Map<String, Object>> of(String environment, Output<String> serviceHostname, Output<String> originHostname) {
        return List.of(
                patch("Ingress", IngressPatch.INGRESS, originHostname.applyValue(origin -> PolicyDocuments.json(List.of(
                        replace("/spec/rules/0/host", origin),
                        replace("/spec/tls/0/hosts/0", origin),
                        replace("/metadata/annotations/external-dns.alpha.kubernetes.io~1hostname", origin))))),
                patch("ExternalSecret", APP_SECRET, Output.of(PolicyDocuments.json(List.of(
                        replace("/spec/dataFrom/0/extract/key", AppSecrets.secretName(environment)))))),
                patch("Deployment", DASHBOARD, serviceHostname.applyValue(service -> PolicyDocuments.json(List.of(
                        replace("/spec/template/spec/containers/0/env/0/value", "https://" + service + "/graphql/"))))));
    }

    private static Map<String, Object> patch(String kind, String name, Output<String> ops) {
        return Map.of("target", Map.of("kind", kind, "name", name), "patch", ops);
    }

    private static Map<String, Object> replace(String path, String value) {
        return Map.of("op", "replace", "path", path, "value", value);
    }
}
