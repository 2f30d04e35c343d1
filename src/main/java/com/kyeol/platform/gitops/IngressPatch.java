package com.kyeol.platform.gitops;

import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.edge.EdgeComponent;
import com.pulumi.core.Output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The values of the app Ingress that only the stack knows, as a JSON6902 patch the spoke's Application hands
 * to Kustomize: the origin certificate, and a listener-rule condition on every backend so that the ALB
 * forwards only requests carrying CloudFront's origin-verify header. The header value is a secret, so it
 * travels in the Application object (on the hub, KMS-encrypted in etcd), never in Git.
 */
public final class IngressPatch {

    /** The Ingress of {@code gitops/base} and the Services its rules route to. */
    public static final String INGRESS = "saleor";
    public static final List<String> BACKENDS = List.of("saleor-api", "saleor-dashboard", "saleor-storefront");

    private IngressPatch() {
    }

    public static Output<String> originProtection(Output<String> originVerifySecret, Output<String> originCertificateArn) {
        return Output.tuple(originVerifySecret, originCertificateArn).applyValue(t -> render(t.t1, t.t2));
    }

    static String render(String headerValue, String certificateArn) {
        List<Map<String, Object>> ops = new ArrayList<>();
        ops.add(add("alb.ingress.kubernetes.io/certificate-arn", certificateArn));
        String condition = PolicyDocuments.json(List.of(Map.of(
                "field", "http-header",
                "httpHeaderConfig", Map.of("httpHeaderName", EdgeComponent.ORIGIN_VERIFY_HEADER, "values", List.of(headerValue)))));
        for (String backend : BACKENDS) {
            ops.add(add("alb.ingress.kubernetes.io/conditions." + backend, condition));
        }
        return PolicyDocuments.json(ops);
    }

    private static Map<String, Object> add(String annotation, String value) {
        return Map.of("op", "add", "path", "/metadata/annotations/" + annotation.replace("~", "~0").replace("/", "~1"), "value", value);
    }
}
