package com.kyeol.platform.cluster;

import com.kyeol.platform.aws.PolicyDocuments;
import com.pulumi.core.Output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kubeconfig that authenticates with {@code aws eks get-token} (no static credentials in it), for the
 * Kubernetes provider of a cluster and, with {@code roleArn}, for reaching it through a role.
 */
public final class Kubeconfig {

    private Kubeconfig() {
    }

    public static Output<String> forCluster(Output<String> clusterName, Output<String> endpoint, Output<String> caData, String region) {
        return forCluster(clusterName, endpoint, caData, Output.of(region));
    }

    public static Output<String> forCluster(Output<String> clusterName, Output<String> endpoint, Output<String> caData,
                                            Output<String> region) {
        return Output.tuple(clusterName, endpoint, caData, region).applyValue(t -> render(t.t1, t.t2, t.t3, t.t4));
    }

    static String render(String clusterName, String endpoint, String caData, String region) {
        var exec = new LinkedHashMap<String, Object>();
        exec.put("apiVersion", "client.authentication.k8s.io/v1beta1");
        exec.put("command", "aws");
        exec.put("args", List.of("eks", "get-token", "--cluster-name", clusterName, "--region", region, "--output", "json"));
        exec.put("interactiveMode", "Never");
        var config = new LinkedHashMap<String, Object>();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");
        config.put("clusters", List.of(Map.of("name", clusterName,
                "cluster", Map.of("server", endpoint, "certificate-authority-data", caData))));
        config.put("contexts", List.of(Map.of("name", clusterName, "context", Map.of("cluster", clusterName, "user", clusterName))));
        config.put("current-context", clusterName);
        config.put("users", List.of(Map.of("name", clusterName, "user", Map.of("exec", exec))));
        return PolicyDocuments.json(config);
    }
}
