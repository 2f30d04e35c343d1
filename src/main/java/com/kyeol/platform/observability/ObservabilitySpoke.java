package com.kyeol.platform.observability;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.config.Tier;
import com.kyeol.platform.gitops.HubOutputs;
import com.kyeol.platform.gitops.HubReference;
import com.kyeol.platform.k8s.KubernetesObject;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.kubernetes.networking.v1.Ingress;
import com.pulumi.kubernetes.networking.v1.IngressArgs;
import com.pulumi.kubernetes.networking.v1.inputs.HTTPIngressPathArgs;
import com.pulumi.kubernetes.networking.v1.inputs.HTTPIngressRuleValueArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressBackendArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressRuleArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressServiceBackendArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressSpecArgs;
import com.pulumi.kubernetes.networking.v1.inputs.ServiceBackendPortArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workload environment's telemetry, made by the workload stack itself (the hub knows no spoke): the collectors on
 * this cluster, shipping to the hub's telemetry endpoint; and, on the hub, this environment's route to that endpoint
 * (an Ingress in the endpoint's ALB group that forwards only requests from this environment's NAT address, only to
 * the write paths) and its alert rules, with its tier's severity. Teardown removes the route and the rules with it.
 */
public final class ObservabilitySpoke extends ComponentResource {

    /** All spokes' routes share one load balancer on the hub. */
    public static final String INGRESS_GROUP = ObservabilityEndpoint.INGRESS_GROUP;

    /**
     * @param natPublicIp            this environment's egress address: the only source its route admits
     * @param facts                  thresholds of its database and cache alerts
     * @param hubKubernetes          the hub's cluster (the same provider the ArgoCD registration uses)
     * @param readyForWorkloads      what a release on this cluster waits for (nodes, DNS, the load balancer controller)
     */
    public record Args(String environment, Tier tier, String region, boolean waf, boolean traces, Output<String> natPublicIp,
                       AlertRules.WorkloadFacts facts, HubReference hub, Provider hubKubernetes, List<Resource> readyForWorkloads) {
    }

    public ObservabilitySpoke(String name, Args args, ClusterComponent cluster, AwsTarget aws, ComponentResourceOptions options) {
        super("kyeol:observability:Spoke", name, options);
        Output<ObservabilityEndpoint> endpoint = args.hub().requireObject(HubOutputs.OBSERVABILITY).applyValue(ObservabilityEndpoint::fromOutput);
        Map<String, String> labels = Telemetry.labels(args.environment(), args.tier());

        var namespaces = ClusterTelemetry.namespaces(name, cluster, this);
        new ClusterTelemetry(name, new ClusterTelemetry.Args(args.environment(), args.tier(), args.region(),
                CloudWatchMetrics.jobs(args.environment(), Telemetry.clusterName(args.environment()), args.region(), true, args.waf()),
                args.traces(), endpoint.applyValue(ObservabilityEndpoint::metricsWriteUrl), endpoint.applyValue(ObservabilityEndpoint::logsPushUrl),
                endpoint.applyValue(e -> PrometheusStackValues.agent(labels, e.metricsWriteUrl())), namespaces,
                args.readyForWorkloads(), List.of()), cluster, aws, ComponentResourceOptions.builder().parent(this).build());

        // On the hub: this environment's route to the telemetry endpoint.
        var onHub = CustomResourceOptions.builder().parent(this).provider(args.hubKubernetes()).build();
        String receiver = Telemetry.receiverService(args.tier());
        new Ingress(name + "-telemetry-route", IngressArgs.builder()
                .metadata(Output.tuple(endpoint, args.natPublicIp()).applyValue(t -> ObjectMetaArgs.builder()
                        .name("telemetry-" + args.environment())
                        .namespace(Telemetry.NAMESPACE)
                        .annotations(routeAnnotations(t.t1, t.t2, receiver))
                        .build()))
                .spec(endpoint.applyValue(e -> IngressSpecArgs.builder()
                        .ingressClassName("alb")
                        .rules(IngressRuleArgs.builder()
                                .host(e.telemetryHostname())
                                .http(HTTPIngressRuleValueArgs.builder().paths(
                                        path(Telemetry.METRICS_WRITE_PATH, receiver, Telemetry.PROMETHEUS_PORT),
                                        path(Telemetry.LOGS_PUSH_PATH, Telemetry.LOKI, Telemetry.LOKI_PORT)).build())
                                .build())
                        .build()))
                .build(), onHub);

        // On the hub: this environment's alerts, evaluated where the data is, with this tier's severity.
        Output<String> runbook = args.hub().require(HubOutputs.GITOPS_REPO_URL).applyValue(AlertRules::runbookBase);
        List<AlertRules.Rule> own = new java.util.ArrayList<>(AlertRules.cluster(args.environment()));
        own.addAll(AlertRules.workload(args.environment(), args.facts()));
        rules(name + "-alert-rules", "kyeol-" + args.environment(), Output.of(args.tier().configValue()), args, own, runbook, onHub);
        rules(name + "-argocd-alert-rules", "kyeol-" + args.environment() + "-argocd",
                endpoint.applyValue(e -> e.hubTier().configValue()), args, AlertRules.argocd(args.facts().application()), runbook, onHub);
        registerOutputs(Map.of());
    }

    /**
     * @param evaluatedBy the tier whose Prometheus holds the rules' data (the environment's own for its metrics, the
     *                    hub's for ArgoCD's)
     */
    private static void rules(String resourceName, String objectName, Output<String> evaluatedBy, Args args, List<AlertRules.Rule> rules,
                              Output<String> runbook, CustomResourceOptions onHub) {
        new KubernetesObject(resourceName, "monitoring.coreos.com/v1", "PrometheusRule",
                ObjectMetaArgs.builder().name(objectName).namespace(Telemetry.NAMESPACE)
                        .labels(evaluatedBy.applyValue(tier -> Map.of(Telemetry.RULES_FOR, tier, Telemetry.ENVIRONMENT, args.environment())))
                        .build(),
                runbook.applyValue(base -> AlertRules.spec(objectName, args.environment(), args.tier(), rules, base)), onHub);
    }

    /**
     * The route's annotations: the shared ALB group, TLS with the hub's certificate, and on both backends a listener-rule
     * condition that admits only this environment's NAT address (anything else gets the hub's default 404).
     */
    static Map<String, String> routeAnnotations(ObservabilityEndpoint endpoint, String natPublicIp, String receiver) {
        String onlyFromHere = PolicyDocuments.json(List.of(PolicyDocuments.ordered(
                "field", "source-ip",
                "sourceIpConfig", Map.of("values", List.of(natPublicIp + "/32")))));
        var annotations = ObservabilityEndpoint.groupAnnotations(endpoint.telemetryHostname(), endpoint.certificateArn());
        annotations.put("alb.ingress.kubernetes.io/conditions." + receiver, onlyFromHere);
        annotations.put("alb.ingress.kubernetes.io/conditions." + Telemetry.LOKI, onlyFromHere);
        return annotations;
    }

    private static HTTPIngressPathArgs path(String path, String service, int port) {
        return HTTPIngressPathArgs.builder()
                .path(path)
                .pathType("Exact")
                .backend(IngressBackendArgs.builder().service(IngressServiceBackendArgs.builder()
                        .name(service)
                        .port(ServiceBackendPortArgs.builder().number(port).build())
                        .build()).build())
                .build();
    }

    /**
     * The OpenTelemetry settings Saleor reads from the platform facts ConfigMap: with traces on, OTLP to this
     * cluster's collector (traces go on to X-Ray, metrics to the hub); off, both exporters explicitly {@code none}.
     */
    public static Map<String, String> openTelemetryFacts(String environment, boolean traces) {
        var facts = new LinkedHashMap<String, String>();
        if (!traces) {
            facts.put("OTEL_TRACES_EXPORTER", "none");
            facts.put("OTEL_METRICS_EXPORTER", "none");
            return facts;
        }
        facts.put("OTEL_SERVICE_NAME", "saleor");
        facts.put("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=" + environment);
        facts.put("OTEL_TRACES_EXPORTER", "otlp");
        facts.put("OTEL_METRICS_EXPORTER", "otlp");
        facts.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        facts.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://" + Telemetry.ALLOY_CLUSTER + "." + Telemetry.NAMESPACE + ".svc:" + Telemetry.OTLP_HTTP_PORT);
        return facts;
    }
}
