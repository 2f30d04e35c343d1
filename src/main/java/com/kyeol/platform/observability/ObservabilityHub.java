package com.kyeol.platform.observability;

import com.kyeol.platform.addons.ExternalSecrets;
import com.kyeol.platform.addons.HelmChart;
import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.Certificates;
import com.kyeol.platform.aws.HostedZone;
import com.kyeol.platform.aws.PodIdentity;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.aws.PrivateBucket;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.config.ObservabilitySettings;
import com.kyeol.platform.config.Tier;
import com.kyeol.platform.data.EncryptionKeys;
import com.kyeol.platform.gitops.HubComponent;
import com.kyeol.platform.k8s.KubernetesObject;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.aws.secretsmanager.SecretVersion;
import com.pulumi.aws.secretsmanager.SecretVersionArgs;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicSubscription;
import com.pulumi.aws.sns.TopicSubscriptionArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
import com.pulumi.kubernetes.core.v1.Service;
import com.pulumi.kubernetes.core.v1.ServiceArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServicePortArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServiceSpecArgs;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.kubernetes.networking.v1.Ingress;
import com.pulumi.kubernetes.networking.v1.IngressArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressBackendArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressServiceBackendArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressSpecArgs;
import com.pulumi.kubernetes.networking.v1.inputs.ServiceBackendPortArgs;
import com.pulumi.kubernetes.storage.v1.StorageClass;
import com.pulumi.kubernetes.storage.v1.StorageClassArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one place to look, on the hub: a Prometheus per tier (the hub's own is kube-prometheus-stack's, which also
 * scrapes the hub), Loki on S3 with per-tier retention, Alertmanager routing to Slack (webhook URL from Secrets
 * Manager through External Secrets) and to e-mail (an SNS topic), Grafana with its data sources and the platform's
 * dashboards, the hub's own alert rules, and the certificate of the telemetry endpoint the spokes push to. The hub
 * knows no spoke: each spoke registers its own route to the endpoint and its own rules (see {@link ObservabilitySpoke}).
 */
public final class ObservabilityHub extends ComponentResource {

    /** The Secrets Manager secret an operator puts the Slack incoming-webhook URL in ({@code webhookUrl} key). */
    public static String slackSecretName(String hub) {
        return "kyeol/" + hub + "/alerting/slack";
    }

    @Export(name = "grafanaUrl")
    public final Output<String> grafanaUrl;
    @Export(name = "alertTopicArn")
    public final Output<String> alertTopicArn;
    @Export(name = "slackWebhookSecretArn")
    public final Output<String> slackWebhookSecretArn;
    @Export(name = "logBucket")
    public final Output<String> logBucket;
    /** What the spokes need to ship here and register their rules ({@link ObservabilityEndpoint}, a hub output). */
    public final Output<Map<String, Object>> endpoint;
    /** The hub's one External Secrets Operator, as {@code externalSecrets} installed it (other pieces of the hub use it too). */
    public final ExternalSecrets externalSecrets;

    /**
     * @param runbookBase       the runbook page alerts link to
     * @param readyForWorkloads what a release on the hub waits for (nodes, DNS, the load balancer controller)
     * @param externalSecrets   installs the hub's one External Secrets Operator, given the secret alerting needs it to read
     *                          (the Slack webhook and its key); the caller adds what the hub's other pieces read
     */
    public ObservabilityHub(String name, Tier tier, String region, ObservabilitySettings.Hub settings, HostedZone zone,
                            String runbookBase, ClusterComponent cluster, List<Resource> readyForWorkloads,
                            Function<ExternalSecrets.Read, ExternalSecrets> externalSecrets, AwsTarget aws,
                            ComponentResourceOptions options) {
        super("kyeol:observability:Hub", name, options);
        boolean keep = tier.isProductionLike();
        var onCluster = CustomResourceOptions.builder().parent(this).provider(cluster.kubernetes);
        var namespaces = ClusterTelemetry.namespaces(name, cluster, this);
        var namespace = namespaces.collectors();
        var storageClass = new StorageClass(name + "-storage-class", StorageClassArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(Telemetry.STORAGE_CLASS).build())
                .provisioner("ebs.csi.aws.com")
                .parameters(Map.of("type", "gp3", "encrypted", "true"))
                .volumeBindingMode("WaitForFirstConsumer")
                .allowVolumeExpansion(true)
                .reclaimPolicy("Delete")
                .build(), onCluster.dependsOn(cluster.readyForWorkloads).build());

        // Alerting: the e-mail topic, the Slack webhook's secret (its value is put there by an operator, never by Pulumi).
        var topic = new Topic(name + "-alerts", TopicArgs.builder()
                .name("kyeol-" + name + "-alerts")
                .displayName("KYEOL alerts")
                .kmsMasterKeyId("alias/aws/sns")
                .build(), aws.child(this));
        for (int i = 0; i < settings.alertEmails().size(); i++) {
            new TopicSubscription(name + "-alerts-email-" + i, TopicSubscriptionArgs.builder()
                    .topic(topic.arn())
                    .protocol("email")
                    .endpoint(settings.alertEmails().get(i))
                    .build(), aws.child(this));
        }
        var slackKey = EncryptionKeys.key(name + "-alerting-key", "Slack webhook of the " + name + " hub's alerting", keep, aws, this);
        var slack = new Secret(name + "-slack-webhook", SecretArgs.builder()
                .name(slackSecretName(name))
                .description("Slack incoming-webhook URL for alerts (JSON key webhookUrl); set by an operator, see docs/observability.md")
                .kmsKeyId(slackKey.arn())
                .recoveryWindowInDays(keep ? 30 : 7)
                .build(), aws.child(this));
        // A first, empty value so that the ExternalSecret (and Alertmanager, which mounts it) can start; the operator's
        // value replaces it and Pulumi leaves it alone from then on.
        new SecretVersion(name + "-slack-webhook-initial", SecretVersionArgs.builder()
                .secretId(slack.id())
                .secretString(Output.ofSecret(PolicyDocuments.json(Map.of("webhookUrl", ""))))
                .build(), CustomResourceOptions.builder().parent(this).provider(aws.provider()).ignoreChanges("secretString").build());
        var eso = externalSecrets.apply(new ExternalSecrets.Read(slack.arn(), Optional.of(slackKey.arn())));
        this.externalSecrets = eso;
        var slackSecret = new KubernetesObject(name + "-alertmanager-slack", "external-secrets.io/v1", "ExternalSecret",
                ObjectMetaArgs.builder().name(AlertRouting.SLACK_SECRET).namespace(Telemetry.NAMESPACE).build(),
                slack.arn().applyValue(ObservabilityHub::slackExternalSecret),
                onCluster.dependsOn(List.of(eso.store(), namespace)).build());
        var alertmanagerIdentity = new PodIdentity(name, name + "-alertmanager", "Alertmanager of the " + name
                + " hub: publishes to the alert topic (EKS Pod Identity)", cluster.podIdentity, Telemetry.NAMESPACE,
                List.of(Telemetry.ALERTMANAGER_SERVICE_ACCOUNT),
                topic.arn().applyValue(arn -> PolicyDocuments.document(List.of(PolicyDocuments.allow(List.of("sns:Publish"), arn, Map.of())))),
                aws, this);

        // The hub's own collectors, with its Prometheus as the receiver of its tier and Alertmanager.
        String main = "http://" + Telemetry.MAIN_PROMETHEUS + "." + Telemetry.NAMESPACE + ".svc:" + Telemetry.PROMETHEUS_PORT;
        String loki = "http://" + Telemetry.LOKI + "." + Telemetry.NAMESPACE + ".svc:" + Telemetry.LOKI_PORT;
        List<Resource> stackAfter = new ArrayList<>(List.of(storageClass, slackSecret));
        stackAfter.addAll(alertmanagerIdentity.ready());
        var collectors = new ClusterTelemetry(name, new ClusterTelemetry.Args(name, tier, region,
                CloudWatchMetrics.jobs(name, Telemetry.clusterName(name), region, false, false), false,
                Output.of(main + Telemetry.METRICS_WRITE_PATH), Output.of(loki + Telemetry.LOGS_PUSH_PATH),
                topic.arn().applyValue(arn -> PrometheusStackValues.server(Telemetry.labels(name, tier), tier, settings.retention(tier),
                        AlertRouting.config(arn, region))),
                namespaces, readyForWorkloads, stackAfter), cluster, aws,
                ComponentResourceOptions.builder().parent(this).build());
        var stack = collectors.prometheusStack;

        // The receivers of the other tiers, and one Service per tier that the spokes' routes and Grafana point at.
        List<Resource> services = new ArrayList<>();
        for (Tier other : Tier.values()) {
            String prometheus = Telemetry.MAIN_PROMETHEUS;
            if (other != tier) {
                prometheus = Receivers.name(other);
                new KubernetesObject(name + "-" + prometheus, "monitoring.coreos.com/v1", "Prometheus",
                        ObjectMetaArgs.builder().name(prometheus).namespace(Telemetry.NAMESPACE).build(),
                        Output.of(Receivers.spec(other, settings.retention(other))), onCluster.dependsOn(List.of(stack, storageClass)).build());
            }
            services.add(new Service(name + "-" + Telemetry.receiverService(other), ServiceArgs.builder()
                    .metadata(ObjectMetaArgs.builder().name(Telemetry.receiverService(other)).namespace(Telemetry.NAMESPACE)
                            // The ALB's health check for the spokes' routes.
                            .annotations(Map.of("alb.ingress.kubernetes.io/healthcheck-path", "/-/ready")).build())
                    .spec(ServiceSpecArgs.builder()
                            .selector(Receivers.selector(prometheus))
                            .ports(ServicePortArgs.builder().name(Telemetry.PROMETHEUS_PORT_NAME).port(Telemetry.PROMETHEUS_PORT)
                                    .targetPort(Telemetry.PROMETHEUS_PORT_NAME).build())
                            .build())
                    .build(), onCluster.dependsOn(after(readyForWorkloads, namespace)).build()));
        }

        // Loki, its bucket and the role that may use exactly that bucket.
        var bucket = PrivateBucket.create(name + "-logs", BucketV2Args.builder()
                .bucket(aws.accountId().applyValue(account -> "kyeol-" + name + "-logs-" + account))
                .forceDestroy(false)
                .build(), keep, aws, this);
        int longest = Arrays.stream(Tier.values()).mapToInt(t -> settings.retention(t).logsDays()).max().orElseThrow();
        // A backstop behind Loki's own retention: nothing outlives the longest tier's retention by more than a month.
        bucket.expireAfter(name + "-logs-expiry", longest + 30, 7, aws, this);
        new BucketPolicy(name + "-logs-policy", BucketPolicyArgs.builder()
                .bucket(bucket.bucket().id())
                .policy(bucket.bucket().arn().applyValue(arn -> PolicyDocuments.document(List.of(PolicyDocuments.denyInsecureTransport(arn)))))
                .build(), CustomResourceOptions.builder().parent(this).provider(aws.provider()).dependsOn(bucket.publicAccessBlock()).build());
        var lokiIdentity = new PodIdentity(name, name + "-loki", "Loki of the " + name + " hub: its log bucket (EKS Pod Identity)",
                cluster.podIdentity, Telemetry.NAMESPACE, List.of(Telemetry.LOKI), bucket.bucket().arn().applyValue(LokiValues::bucketPolicy),
                aws, this);
        List<Resource> lokiAfter = after(readyForWorkloads, stack, storageClass);
        lokiAfter.addAll(lokiIdentity.ready());
        new Release(name + "-loki", HelmChart.LOKI.release(Telemetry.LOKI, Telemetry.NAMESPACE,
                bucket.bucket().bucket().applyValue(b -> LokiValues.values(b, region, settings.retention())), 900).build(),
                onCluster.dependsOn(lokiAfter).build());

        // Grafana: its certificate, its generated admin password, its release, and the dashboards it loads.
        Output<String> grafanaCertificate = Certificates.dnsValidated(name + "-grafana", settings.grafanaHostname(), zone.zoneId(),
                aws, aws, Map.of("Name", "kyeol-" + name + "-grafana-cert"), this);
        var password = new KubernetesObject(name + "-grafana-password", "generators.external-secrets.io/v1alpha1", "Password",
                ObjectMetaArgs.builder().name(GrafanaValues.ADMIN_SECRET).namespace(Telemetry.NAMESPACE).build(),
                Output.of(PolicyDocuments.ordered("length", 32, "digits", 6, "symbols", 0, "noUpper", false, "allowRepeat", true)),
                onCluster.dependsOn(List.of(eso.release(), namespace)).build());
        var admin = new KubernetesObject(name + "-grafana-admin", "external-secrets.io/v1", "ExternalSecret",
                ObjectMetaArgs.builder().name(GrafanaValues.ADMIN_SECRET).namespace(Telemetry.NAMESPACE).build(),
                Output.of(grafanaAdminExternalSecret()), onCluster.dependsOn(List.of(password, namespace)).build());
        new Release(name + "-grafana", HelmChart.GRAFANA.release(Telemetry.GRAFANA, Telemetry.NAMESPACE,
                grafanaCertificate.applyValue(arn -> GrafanaValues.values(settings.grafanaHostname(), settings.grafanaAllowedCidrs(), arn)),
                600).build(), onCluster.dependsOn(after(readyForWorkloads, admin, namespace)).build());
        for (Dashboard dashboard : Dashboards.all()) {
            new ConfigMap(name + "-dashboard-" + dashboard.uid(), ConfigMapArgs.builder()
                    .metadata(ObjectMetaArgs.builder().name("dashboard-" + dashboard.uid()).namespace(Telemetry.NAMESPACE)
                            .labels(Map.of(GrafanaValues.DASHBOARD_LABEL, "1")).build())
                    .data(Map.of(dashboard.uid() + ".json", PolicyDocuments.json(dashboard.model())))
                    .build(), onCluster.dependsOn(namespace).build());
        }

        // What the hub's Prometheus scrapes beyond the chart's own monitors, and the hub's own alerts.
        new KubernetesObject(name + "-argocd-metrics", "monitoring.coreos.com/v1", "ServiceMonitor",
                ObjectMetaArgs.builder().name("argocd-application-controller").namespace(Telemetry.NAMESPACE).build(),
                Output.of(argocdServiceMonitor()), onCluster.dependsOn(stack).build());
        List<AlertRules.Rule> own = new ArrayList<>(AlertRules.cluster(name));
        own.addAll(AlertRules.hub());
        new KubernetesObject(name + "-hub-alert-rules", "monitoring.coreos.com/v1", "PrometheusRule",
                ObjectMetaArgs.builder().name("kyeol-" + name).namespace(Telemetry.NAMESPACE)
                        .labels(Map.of(Telemetry.RULES_FOR, tier.configValue())).build(),
                Output.of(AlertRules.spec("kyeol-" + name, name, tier, own, runbookBase)), onCluster.dependsOn(stack).build());

        // The endpoint the spokes push to: its certificate and its load balancer here (this Ingress owns the ALB group,
        // its DNS name and a default 404, so the ALB exists, and is paid for, with the hub); each spoke adds its own
        // source-restricted routes to the group.
        Output<String> telemetryCertificate = Certificates.dnsValidated(name + "-telemetry", settings.telemetryHostname(), zone.zoneId(),
                aws, aws, Map.of("Name", "kyeol-" + name + "-telemetry-cert"), this);
        new Ingress(name + "-telemetry-endpoint", IngressArgs.builder()
                .metadata(telemetryCertificate.applyValue(arn -> ObjectMetaArgs.builder()
                        .name("telemetry-endpoint")
                        .namespace(Telemetry.NAMESPACE)
                        .annotations(ObservabilityEndpoint.anchorAnnotations(settings.telemetryHostname(), arn))
                        .build()))
                .spec(IngressSpecArgs.builder()
                        .ingressClassName("alb")
                        .defaultBackend(IngressBackendArgs.builder().service(IngressServiceBackendArgs.builder()
                                .name(ObservabilityEndpoint.NOT_FOUND_ACTION)
                                .port(ServiceBackendPortArgs.builder().name("use-annotation").build())
                                .build()).build())
                        .build())
                .build(), onCluster.dependsOn(after(readyForWorkloads, namespace)).build());
        this.endpoint = telemetryCertificate.applyValue(arn -> ObservabilityEndpoint.toOutput(
                new ObservabilityEndpoint(settings.telemetryHostname(), arn, tier)));
        this.grafanaUrl = Output.of("https://" + settings.grafanaHostname());
        this.alertTopicArn = topic.arn();
        this.slackWebhookSecretArn = slack.arn();
        this.logBucket = bucket.bucket().bucket();
        var outputs = new LinkedHashMap<String, Output<?>>();
        outputs.put("grafanaUrl", grafanaUrl);
        outputs.put("alertTopicArn", alertTopicArn);
        outputs.put("slackWebhookSecretArn", slackWebhookSecretArn);
        outputs.put("logBucket", logBucket);
        registerOutputs(Map.copyOf(outputs));
    }

    private static List<Resource> after(List<Resource> readyForWorkloads, Resource... more) {
        List<Resource> all = new ArrayList<>(readyForWorkloads);
        all.addAll(List.of(more));
        return all;
    }

    /** The Slack webhook URL, from Secrets Manager into the Secret Alertmanager mounts. */
    static Map<String, Object> slackExternalSecret(String secretArn) {
        return PolicyDocuments.ordered(
                "refreshInterval", "1h",
                "secretStoreRef", Map.of("kind", "ClusterSecretStore", "name", ExternalSecrets.STORE),
                "target", Map.of("name", AlertRouting.SLACK_SECRET, "creationPolicy", "Owner"),
                "data", List.of(PolicyDocuments.ordered(
                        "secretKey", AlertRouting.SLACK_SECRET_KEY,
                        "remoteRef", Map.of("key", secretArn, "property", "webhookUrl"))));
    }

    /**
     * Grafana's admin credentials, generated once in the cluster (External Secrets' Password generator) and never
     * refreshed: the password exists only in this Secret, nowhere in Pulumi's state, the plan or Git.
     */
    static Map<String, Object> grafanaAdminExternalSecret() {
        return PolicyDocuments.ordered(
                "refreshInterval", "0s",
                "target", PolicyDocuments.ordered(
                        "name", GrafanaValues.ADMIN_SECRET,
                        "creationPolicy", "Owner",
                        "template", PolicyDocuments.ordered("engineVersion", "v2", "data", PolicyDocuments.ordered(
                                GrafanaValues.ADMIN_USER_KEY, "admin",
                                GrafanaValues.ADMIN_PASSWORD_KEY, "{{ .password }}"))),
                "dataFrom", List.of(Map.of("sourceRef", Map.of("generatorRef", PolicyDocuments.ordered(
                        "apiVersion", "generators.external-secrets.io/v1alpha1",
                        "kind", "Password",
                        "name", GrafanaValues.ADMIN_SECRET)))));
    }

    /** ArgoCD's application controller metrics (argocd_app_info: health and sync status of every Application). */
    static Map<String, Object> argocdServiceMonitor() {
        return PolicyDocuments.ordered(
                "namespaceSelector", Map.of("matchNames", List.of(HubComponent.NAMESPACE)),
                "selector", Map.of("matchLabels", Map.of(
                        "app.kubernetes.io/name", "argocd-metrics",
                        "app.kubernetes.io/component", "application-controller")),
                "endpoints", List.of(Map.of("port", "http-metrics", "interval", "30s")));
    }
}
