package com.kyeol.platform.observability;

import com.kyeol.platform.aws.PolicyDocuments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's configuration on the hub: one route per {@link AlertSeverity}. Critical alerts (production) go to
 * {@value #PAGE}: Slack and the SNS topic the on-call addresses are subscribed to by e-mail; warning (staging) and info
 * (development) alerts go to Slack only, info once a day. The Slack webhook URL is read from a file Alertmanager
 * mounts from the {@value #SLACK_SECRET} Secret (External Secrets keeps it in step with Secrets Manager): it is in
 * no values file, no plan and no Git commit.
 */
public final class AlertRouting {

    public static final String PAGE = "page";
    public static final String SLACK = "slack";
    /** The Kubernetes Secret (and ExternalSecret) holding the Slack incoming-webhook URL. */
    public static final String SLACK_SECRET = "alertmanager-slack";
    public static final String SLACK_SECRET_KEY = "webhook-url";
    /** Where Alertmanager mounts the secrets of {@code alertmanagerSpec.secrets}. */
    public static final String SLACK_URL_FILE = "/etc/alertmanager/secrets/" + SLACK_SECRET + "/" + SLACK_SECRET_KEY;
    public static final List<String> GROUP_BY = List.of("alertname", Telemetry.ENVIRONMENT);

    private AlertRouting() {
    }

    /** The {@code alertmanager.config} of kube-prometheus-stack. */
    public static Map<String, Object> config(String topicArn, String region) {
        List<Object> routes = new ArrayList<>();
        for (AlertSeverity severity : AlertSeverity.values()) {
            routes.add(PolicyDocuments.ordered(
                    "matchers", List.of("severity=\"" + severity.label() + "\""),
                    "receiver", severity.receiver(),
                    "repeat_interval", severity.repeatInterval()));
        }
        Map<String, Object> slack = PolicyDocuments.ordered(
                "api_url_file", SLACK_URL_FILE,
                "send_resolved", true,
                "title", "[{{ .Status | toUpper }}] {{ .CommonLabels.environment }}: {{ .CommonLabels.alertname }}",
                "text", "{{ range .Alerts }}{{ .Annotations.summary }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}");
        Map<String, Object> sns = PolicyDocuments.ordered(
                "topic_arn", topicArn,
                "sigv4", Map.of("region", region),
                "send_resolved", true,
                "subject", "[{{ .Status | toUpper }}] {{ .CommonLabels.environment }}: {{ .CommonLabels.alertname }}",
                "message", "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.description }}\n"
                        + "Runbook: {{ .Annotations.runbook_url }}\n\n{{ end }}");
        return PolicyDocuments.ordered(
                "route", PolicyDocuments.ordered(
                        "receiver", SLACK,
                        "group_by", GROUP_BY,
                        "group_wait", "30s",
                        "group_interval", "5m",
                        "repeat_interval", AlertSeverity.WARNING.repeatInterval(),
                        "routes", routes),
                "receivers", List.of(
                        PolicyDocuments.ordered("name", PAGE, "slack_configs", List.of(slack), "sns_configs", List.of(sns)),
                        PolicyDocuments.ordered("name", SLACK, "slack_configs", List.of(slack))),
                // None: a production alert must not silence the same alert of another environment.
                "inhibit_rules", List.of());
    }
}
