import { ofType, refersTo, resourceRule, stackRule } from "../lib/rules";
import { asNumber, get, isUnknown, items, jsonish, UNKNOWN } from "../lib/values";

const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
const LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";

/**
 * The web ACL's rules as plain objects with camelCase keys: `rules` (structured input), or
 * `ruleJson` (a JSON string in the WAF API's PascalCase, lower-cased here on the first letter).
 * UNKNOWN when the list can't be known at preview.
 */
function rulesOf(props: Record<string, any>): any[] | typeof UNKNOWN {
    const structured = items(props.rules);
    if (structured === UNKNOWN) {
        return UNKNOWN;
    }
    if (props.ruleJson === undefined) {
        return structured;
    }
    const parsed = jsonish(props.ruleJson);
    if (parsed === UNKNOWN) {
        return UNKNOWN;
    }
    return parsed instanceof Error ? structured : structured.concat(camel(items(parsed) as any[]));
}

function camel(v: any): any {
    if (Array.isArray(v)) {
        return v.map(camel);
    }
    if (v && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.charAt(0).toLowerCase() + k.slice(1), camel(x)]));
    }
    return v;
}

/** Every statement of a rule, including those nested in and/or/not and scope-down statements. */
function statements(s: any): any[] {
    if (!s || typeof s !== "object" || s === UNKNOWN) {
        return [];
    }
    const out = [s];
    for (const key of ["andStatement", "orStatement", "notStatement"]) {
        const many = items(get(s, `${key}.statements`));
        for (const inner of many === UNKNOWN ? [] : many) {
            out.push(...statements(inner));
        }
        const single = get(s, `${key}.statement`);
        if (single) {
            out.push(...statements(single));
        }
    }
    for (const key of ["rateBasedStatement", "managedRuleGroupStatement"]) {
        const scoped = get(s, `${key}.scopeDownStatement`);
        if (scoped) {
            out.push(...statements(scoped));
        }
    }
    return out;
}

export const wafPolicies = [
    resourceRule<{ requiredRuleGroups: string[] }>({
        name: "waf-managed-rule-groups",
        description: "WAFv2 web ACLs must include the AWS managed rule groups in config requiredRuleGroups (default AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [WEB_ACL],
        remediationSteps: "Add one rule per group with statement.managedRuleGroupStatement { vendorName: \"AWS\", name: <group> } and overrideAction { none: {} }.",
        configSchema: {
            properties: {
                requiredRuleGroups: {
                    type: "array",
                    items: { type: "string" },
                    default: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"],
                },
            },
        },
        check: (r, c, report) => {
            const rules = rulesOf(r.props);
            if (rules === UNKNOWN || rules.includes(UNKNOWN)) {
                return;
            }
            const present = new Set<string>();
            for (const rule of rules) {
                for (const s of statements(get(rule, "statement"))) {
                    const name = get(s, "managedRuleGroupStatement.name");
                    if (isUnknown(name)) {
                        return;
                    }
                    if (typeof name === "string" && get(s, "managedRuleGroupStatement.vendorName") === "AWS") {
                        present.add(name);
                    }
                }
            }
            const missing = c.requiredRuleGroups.filter((g) => !present.has(g));
            if (missing.length > 0) {
                report(`The web ACL does not use the AWS managed rule group(s) ${missing.join(", ")}.`);
            }
        },
    }),
    resourceRule({
        name: "waf-rate-limit-rule",
        description: "WAFv2 web ACLs must contain a rate-based rule (statement.rateBasedStatement with a limit).",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [WEB_ACL],
        remediationSteps: "Add a rule with action { block: {} } and statement.rateBasedStatement { limit: <requests per 5 min per IP>, aggregateKeyType: \"IP\" }.",
        check: (r, _c, report) => {
            const rules = rulesOf(r.props);
            if (rules === UNKNOWN || rules.includes(UNKNOWN)) {
                return;
            }
            const found = rules.some((rule) =>
                statements(get(rule, "statement")).some((s) => {
                    const limit = get(s, "rateBasedStatement.limit");
                    return isUnknown(limit) || (asNumber(limit) ?? 0) > 0;
                }),
            );
            if (!found) {
                report("The web ACL has no rate-based rule: nothing limits request floods per client.");
            }
        },
    }),
    stackRule({
        name: "waf-logging-configured",
        description: "Every WAFv2 web ACL in the stack must have a WebAclLoggingConfiguration whose resourceArn is that web ACL.",
        severity: "medium",
        enforcementLevel: "mandatory",
        resourceTypes: [WEB_ACL, LOGGING],
        remediationSteps: "Create aws.wafv2.WebAclLoggingConfiguration { resourceArn: webAcl.arn, logDestinationConfigs: [<log group arn named aws-waf-logs-*>] }.",
        check: (resources, _c, report) => {
            const logging = ofType(resources, LOGGING);
            for (const acl of ofType(resources, WEB_ACL)) {
                if (!logging.some((l) => refersTo(l, "resourceArn", acl, ["arn", "id"]))) {
                    report("The web ACL has no WebAclLoggingConfiguration in this stack.", acl.urn);
                }
            }
        },
    }),
];
