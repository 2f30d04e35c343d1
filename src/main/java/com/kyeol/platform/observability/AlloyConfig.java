package com.kyeol.platform.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Alloy configurations, written in Alloy's own syntax from typed pieces (blocks, attributes, expressions), so that
 * strings are always quoted and escaped the same way. Two collectors run on every cluster:
 * <ul>
 *   <li>{@link #logs}: a DaemonSet that tails the container logs of its own node ({@code /var/log/pods}) and pushes
 *       them to Loki with the pod's namespace, pod, container and app name as labels;</li>
 *   <li>{@link #cluster}: one pod that reads the environment's AWS metrics from CloudWatch and the cluster's
 *       Kubernetes events, and, with traces on, receives Saleor's OpenTelemetry traces and metrics.</li>
 * </ul>
 */
public final class AlloyConfig {

    /** The environment variable the logs DaemonSet gets its node's name from (the Downward API). */
    public static final String NODE_NAME_ENV = "NODE_NAME";

    private AlloyConfig() {
    }

    /** An Alloy expression written as is (a component export, a function call). */
    public record Expression(String text) {
    }

    /**
     * @param labels  the environment's labels, added to every stream
     * @param pushUrl Loki's push endpoint
     */
    public static String logs(Map<String, String> labels, String pushUrl) {
        var out = new ArrayList<String>();
        out.add(block("discovery.kubernetes", "pods", List.of(
                attr("role", "pod"),
                block("selectors", null, List.of(
                        attr("role", "pod"),
                        attr("field", new Expression("\"spec.nodeName=\" + sys.env(\"" + NODE_NAME_ENV + "\")")))))));
        out.add(block("discovery.relabel", "pods", List.of(
                attr("targets", new Expression("discovery.kubernetes.pods.targets")),
                rule("__meta_kubernetes_namespace", "namespace"),
                rule("__meta_kubernetes_pod_name", "pod"),
                rule("__meta_kubernetes_pod_container_name", "container"),
                rule("__meta_kubernetes_pod_label_app_kubernetes_io_name", "app"),
                rule("__meta_kubernetes_pod_node_name", "node"),
                block("rule", null, List.of(
                        attr("source_labels", List.of("__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name")),
                        attr("separator", "/"),
                        attr("target_label", "__path__"),
                        attr("replacement", "/var/log/pods/*$1/*.log"))))));
        out.add(block("local.file_match", "pods", List.of(
                attr("path_targets", new Expression("discovery.relabel.pods.output")))));
        out.add(block("loki.source.file", "pods", List.of(
                attr("targets", new Expression("local.file_match.pods.targets")),
                attr("forward_to", new Expression("[loki.process.pods.receiver]")))));
        out.add(block("loki.process", "pods", List.of(
                block("stage.cri", null, List.of()),
                attr("forward_to", new Expression("[loki.write.hub.receiver]")))));
        out.add(lokiWrite(labels, pushUrl));
        return String.join("\n", out);
    }

    /**
     * @param jobs       the CloudWatch discovery jobs of this environment
     * @param writeUrl   Prometheus remote-write endpoint
     * @param pushUrl    Loki push endpoint (Kubernetes events)
     * @param traces     receive OTLP from Saleor: traces to AWS X-Ray, metrics to the hub
     */
    public static String cluster(Map<String, String> labels, String region, List<CloudWatchMetrics.Job> jobs, String writeUrl,
                                 String pushUrl, boolean traces) {
        var out = new ArrayList<String>();
        var exporter = new ArrayList<String>();
        exporter.add(attr("sts_region", region));
        for (var job : jobs) {
            var body = new ArrayList<String>();
            body.add(attr("type", job.namespace()));
            body.add(attr("regions", job.regions()));
            body.add(attr("search_tags", job.searchTags()));
            body.add(attr("period", job.period()));
            body.add(attr("length", job.length()));
            // A missing datapoint stays missing: a 0 would read as "no free storage" or "certificate expired".
            body.add(attr("nil_to_zero", false));
            for (var metric : job.metrics()) {
                body.add(block("metric", null, List.of(attr("name", metric.name()), attr("statistics", metric.statistics()))));
            }
            exporter.add(block("discovery", null, body));
        }
        out.add(block("prometheus.exporter.cloudwatch", "aws", exporter));
        out.add(block("prometheus.scrape", "aws", List.of(
                attr("targets", new Expression("prometheus.exporter.cloudwatch.aws.targets")),
                // CloudWatch aggregates over 5 minutes; reading more often only costs GetMetricData calls.
                attr("scrape_interval", "5m"),
                attr("scrape_timeout", "2m"),
                attr("forward_to", new Expression("[prometheus.remote_write.hub.receiver]")))));
        out.add(block("prometheus.remote_write", "hub", List.of(
                attr("external_labels", labels),
                block("endpoint", null, List.of(attr("url", writeUrl))))));
        out.add(block("loki.source.kubernetes_events", "events", List.of(
                attr("job_name", "kubernetes-events"),
                attr("forward_to", new Expression("[loki.write.hub.receiver]")))));
        out.add(lokiWrite(labels, pushUrl));
        if (traces) {
            out.add(block("otelcol.receiver.otlp", "saleor", List.of(
                    block("grpc", null, List.of(attr("endpoint", "0.0.0.0:" + Telemetry.OTLP_GRPC_PORT))),
                    block("http", null, List.of(attr("endpoint", "0.0.0.0:" + Telemetry.OTLP_HTTP_PORT))),
                    block("output", null, List.of(
                            attr("metrics", new Expression("[otelcol.processor.batch.saleor.input]")),
                            attr("traces", new Expression("[otelcol.processor.batch.saleor.input]")))))));
            out.add(block("otelcol.processor.batch", "saleor", List.of(
                    block("output", null, List.of(
                            attr("metrics", new Expression("[otelcol.exporter.prometheus.hub.input]")),
                            attr("traces", new Expression("[otelcol.exporter.otlphttp.xray.input]")))))));
            out.add(block("otelcol.exporter.prometheus", "hub", List.of(
                    attr("forward_to", new Expression("[prometheus.remote_write.hub.receiver]")))));
            out.add(block("otelcol.auth.sigv4", "xray", List.of(
                    attr("region", region),
                    attr("service", "xray"))));
            // X-Ray's OTLP endpoint (https://xray.<region>.amazonaws.com/v1/traces), signed with the pod's own identity.
            out.add(block("otelcol.exporter.otlphttp", "xray", List.of(
                    block("client", null, List.of(
                            attr("endpoint", "https://xray." + region + ".amazonaws.com"),
                            attr("auth", new Expression("otelcol.auth.sigv4.xray.handler")))))));
        }
        return String.join("\n", out);
    }

    private static String lokiWrite(Map<String, String> labels, String pushUrl) {
        return block("loki.write", "hub", List.of(
                block("endpoint", null, List.of(attr("url", pushUrl))),
                attr("external_labels", labels)));
    }

    private static String rule(String source, String target) {
        return block("rule", null, List.of(attr("source_labels", List.of(source)), attr("target_label", target)));
    }

    /** A block {@code name "label" { … }} (no label for nested blocks), its body indented. */
    static String block(String name, String label, List<String> body) {
        var out = new StringBuilder(name);
        if (label != null) {
            out.append(' ').append(quote(label));
        }
        out.append(" {\n");
        for (String line : String.join("\n", body).split("\n")) {
            if (!line.isEmpty()) {
                out.append("  ").append(line).append('\n');
            }
        }
        return out.append("}").toString();
    }

    static String attr(String name, Object value) {
        return name + " = " + value(value);
    }

    private static String value(Object value) {
        if (value instanceof Expression e) {
            return e.text();
        }
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Boolean || value instanceof Number) {
            return String.valueOf(value);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(AlloyConfig::value).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> quote(String.valueOf(e.getKey())) + " = " + value(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        throw new IllegalArgumentException("no Alloy syntax for " + value);
    }

    /** An Alloy string literal: double quotes, with backslash, quote and control characters escaped. */
    static String quote(String s) {
        var out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
