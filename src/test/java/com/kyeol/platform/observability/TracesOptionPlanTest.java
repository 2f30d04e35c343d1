package com.kyeol.platform.observability;

import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.support.TestPlans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.PlanAssertions.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code observability.traces: true} on a workload stack: Saleor exports OTLP to the cluster collector, traces go to X-Ray. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracesOptionPlanTest {

    private Plan plan;

    @BeforeAll
    void planDevWithTraces() {
        plan = TestPlans.edited("dev", "kyeol-platform:observability", "traces", true);
    }

    @Test
    void saleorIsToldWhereToSendItsTelemetry() {
        Map<String, Object> facts = map(named(plan, "kubernetes:core/v1:ConfigMap", "dev-platform-facts").inputs().get("data"));
        assertEquals("otlp", facts.get("OTEL_TRACES_EXPORTER"));
        assertEquals("otlp", facts.get("OTEL_METRICS_EXPORTER"));
        assertEquals("http://alloy-cluster.monitoring.svc:4318", facts.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertEquals("saleor", facts.get("OTEL_SERVICE_NAME"));
        assertEquals("deployment.environment=dev", facts.get("OTEL_RESOURCE_ATTRIBUTES"));
    }

    @Test
    void theClusterCollectorReceivesOtlpAndSignsItsWayToXRay() {
        Map<String, Object> values = map(named(plan, "kubernetes:helm.sh/v3:Release", "dev-alloy-cluster").inputs().get("values"));
        Map<String, Object> alloy = map(values.get("alloy"));
        assertEquals(List.of(4317L, 4318L), list(alloy.get("extraPorts")).stream().map(p -> map(p).get("port")).toList());
        String config = (String) map(alloy.get("configMap")).get("content");
        assertEquals(List.of(), AlloySyntax.problems(config));
        assertTrue(config.contains("otelcol.receiver.otlp \"saleor\""));
        assertTrue(config.contains("endpoint = \"https://xray.ap-northeast-3.amazonaws.com\""));
        assertTrue(config.contains("service = \"xray\""));
        assertTrue(config.contains("forward_to = [prometheus.remote_write.hub.receiver]"), "OTLP metrics go to the hub");
    }

    @Test
    void onlyThenMayItPutTraceSegments() {
        String policy = (String) named(plan, "aws:iam/policy:Policy", "dev-alloy-cluster-policy").inputs().get("policy");
        assertTrue(policy.contains("\"xray:PutTraceSegments\""), policy);
    }
}
