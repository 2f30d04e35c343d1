package com.kyeol.platform.observability;

import com.kyeol.platform.plan.PlanPrinter;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * No credential of the telemetry pipeline is in clear text in any plan (inputs and outputs, as {@code bin/plan --json}
 * prints them): no Slack webhook, no password, no AWS key; every key that names a credential holds a reference (a
 * file, a Secret's name, an ARN) or the masked {@code [secret]}.
 */
class NoPlainTextCredentialsTest {

    private static final List<Pattern> CREDENTIALS = List.of(
            Pattern.compile("hooks\\.slack\\.com/services/[A-Za-z0-9]+/"),
            Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"),
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));
    /** Keys whose value is a credential when it is set directly. */
    private static final Pattern CREDENTIAL_KEY = Pattern.compile("(?i).*(password|passwd|api_url|webhook_?url|secret_?access_?key|"
            + "access_?key_?id|client_secret|bearer_token|auth_?token|secretString)");

    /** A template that renders a value from a secret store at its destination ({@code {{ .password }}}). */
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*\\.[A-Za-z]+\\s*}}");

    /** Where a credential could hide in a plan: one line per find, naming the path. */
    static List<String> findings(Object value, String path) {
        List<String> found = new ArrayList<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (CREDENTIAL_KEY.matcher(key).matches() && v instanceof String s && !s.isEmpty() && !s.equals("[secret]")
                        && !TEMPLATE.matcher(s).matches()) {
                    found.add(path + "." + key + " is set in clear text");
                }
                found.addAll(findings(v, path + "." + key));
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                found.addAll(findings(list.get(i), path + "[" + i + "]"));
            }
        } else if (value instanceof String s) {
            CREDENTIALS.stream().filter(p -> p.matcher(s).find()).forEach(p -> found.add(path + " holds something like " + p.pattern()));
        }
        return found;
    }

    @Test
    void noPlanCarriesACredentialInClearText() {
        for (String stack : TestStacks.stacks()) {
            var plan = TestPlans.of(stack);
            Map<?, ?> json = new com.google.gson.Gson().fromJson(PlanPrinter.json(plan), Map.class);
            assertEquals(List.of(), findings(json, stack), stack);
        }
    }

    @Test
    void theCheckFindsWhatItLooksFor() {
        Map<String, Object> slack = Map.of("api_url", "https://hooks.slack.com/services/T000/B000/XXXX");
        Map<String, Object> values = Map.of("alertmanager", Map.of("config", Map.of("receivers",
                List.of(Map.of("slack_configs", List.of(slack))))));
        assertEquals(List.of("x.alertmanager.config.receivers[0].slack_configs[0].api_url is set in clear text",
                "x.alertmanager.config.receivers[0].slack_configs[0].api_url holds something like hooks\\.slack\\.com/services/[A-Za-z0-9]+/"),
                findings(values, "x"));
        assertEquals(List.of("x.adminPassword is set in clear text"), findings(Map.of("adminPassword", "hunter2"), "x"));
        assertEquals(List.of("x.env[0] holds something like \\bAKIA[0-9A-Z]{16}\\b"), findings(Map.of("env", List.of("AKIA" + "ABCDEFGHIJKLMNOP")), "x"));
        assertEquals(List.of(), findings(Map.of("api_url_file", "/etc/alertmanager/secrets/x/url", "secretString", "[secret]",
                "passwordKey", "admin-password", "admin-password", "{{ .password }}"), "x"), "references and masked values are fine");
        assertEquals(List.of("x.admin-password is set in clear text"), findings(Map.of("admin-password", "{{ .password }}x"), "x"));
    }
}
