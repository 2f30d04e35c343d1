package com.kyeol.platform.observability;

import com.kyeol.platform.aws.PolicyDocuments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Grafana dashboard written in code (Grafana's JSON model, schema version 39): a data-source variable for the
 * tier's Prometheus, an {@code environment} variable read from the data, and panels laid out two to a row.
 */
public final class Dashboard {

    static final int SCHEMA_VERSION = 39;
    /** The Loki data source's uid (provisioned with the Grafana release). */
    static final String LOGS_UID = "loki";

    private final String uid;
    private final String title;
    private final List<Map<String, Object>> panels = new ArrayList<>();

    /** A query: PromQL (or LogQL on a logs panel) and its legend. */
    public record Query(String expr, String legend) {
    }

    Dashboard(String uid, String title) {
        this.uid = uid;
        this.title = title;
    }

    public String uid() {
        return uid;
    }

    /** A time series panel over the selected tier store; {@code unit} is a Grafana unit id (percent, bytes, s, reqps). */
    Dashboard timeseries(String panelTitle, String unit, Query... queries) {
        return panel("timeseries", panelTitle, unit, metrics(), List.of(queries));
    }

    /** A single-number panel. */
    Dashboard stat(String panelTitle, String unit, Query query) {
        return panel("stat", panelTitle, unit, metrics(), List.of(query));
    }

    /** The log lines of a LogQL selector. */
    Dashboard logs(String panelTitle, String logql) {
        return panel("logs", panelTitle, "", Map.of("type", "loki", "uid", LOGS_UID), List.of(new Query(logql, "")));
    }

    private Dashboard panel(String type, String panelTitle, String unit, Map<String, Object> datasource, List<Query> queries) {
        int index = panels.size();
        List<Object> targets = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            targets.add(PolicyDocuments.ordered("refId", String.valueOf((char) ('A' + i)), "datasource", datasource,
                    "expr", queries.get(i).expr(), "legendFormat", queries.get(i).legend()));
        }
        boolean wide = type.equals("logs");
        panels.add(PolicyDocuments.ordered(
                "id", index + 1,
                "type", type,
                "title", panelTitle,
                "datasource", datasource,
                "gridPos", PolicyDocuments.ordered("x", wide ? 0 : (index % 2) * 12, "y", index * 8, "w", wide ? 24 : 12, "h", 8),
                "fieldConfig", PolicyDocuments.ordered("defaults", unit.isEmpty() ? Map.of() : Map.of("unit", unit), "overrides", List.of()),
                "targets", targets));
        return this;
    }

    private static Map<String, Object> metrics() {
        return PolicyDocuments.ordered("type", "prometheus", "uid", "${datasource}");
    }

    /** The dashboard's JSON model. */
    public Map<String, Object> model() {
        Map<String, Object> datasource = PolicyDocuments.ordered(
                "name", "datasource",
                "label", "Store (tier)",
                "type", "datasource",
                "query", "prometheus",
                "current", PolicyDocuments.ordered("text", GrafanaValues.metricsSourceName(GrafanaValues.DEFAULT_TIER),
                        "value", GrafanaValues.metricsSourceUid(GrafanaValues.DEFAULT_TIER)));
        String environments = "label_values(up, " + Telemetry.ENVIRONMENT + ")";
        Map<String, Object> environment = PolicyDocuments.ordered(
                "name", Telemetry.ENVIRONMENT,
                "label", "Environment",
                "type", "query",
                "datasource", metrics(),
                "definition", environments,
                "query", PolicyDocuments.ordered("query", environments, "refId", "environments"),
                "refresh", 2);
        return PolicyDocuments.ordered(
                "uid", uid,
                "title", title,
                "tags", List.of("kyeol"),
                "editable", false,
                "schemaVersion", SCHEMA_VERSION,
                "version", 1,
                "timezone", "browser",
                "refresh", "1m",
                "time", PolicyDocuments.ordered("from", "now-6h", "to", "now"),
                "templating", Map.of("list", List.of(datasource, environment)),
                "panels", List.copyOf(panels));
    }
}
