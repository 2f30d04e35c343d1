import { ofType, refersTo, resourceRule, stackRule } from "../lib/rules";
import { asNumber, get, isUnknown, items, jsonish, knownItems, UNKNOWN } from "../lib/values";

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
    resourceRule<{ allowedCountOverrides: string[] }>({
        name: "waf-rules-enforced",
        description: "WAFv2 web ACL rules must act, not only count: no rule with action count, no managed rule group with overrideAction count, and no rule inside a managed group switched to count (ruleActionOverrides actionToUse count, or the older excludedRules) unless listed in config allowedCountOverrides as <group>/<rule>.",
        severity: "high",
        enforcementLevel: "mandatory",
        resourceTypes: [WEB_ACL],
        remediationSteps: "Use action { block: {} } on own rules and overrideAction { none: {} } on managed groups; to relax one managed rule that breaks the shop, count that rule alone (ruleActionOverrides) and list it in allowedCountOverrides with the reason next to it in the code (e.g. SizeRestrictions_BODY: Saleor's GraphQL bodies exceed 8 KB).",
        configSchema: {
            properties: {
                allowedCountOverrides: { type: "array", items: { type: "string" }, default: ["AWSManagedRulesCommonRuleSet/SizeRestrictions_BODY"] },
            },
        },
        check: (r, c, report) => {
            const rules = rulesOf(r.props);
            if (rules === UNKNOWN) {
                return;
            }
            for (const rule of rules) {
                if (rule === UNKNOWN || !rule || typeof rule !== "object") {
                    continue;
                }
                const name = typeof rule.name === "string" ? rule.name : "(unnamed)";
                if (get(rule, "action.count") !== undefined) {
                    report(`Rule ${name} has action count: it only logs what it should block.`);
                }
                if (get(rule, "overrideAction.count") !== undefined) {
                    report(`Rule ${name} switches its whole rule group to count (overrideAction count): none of its rules blocks.`);
                }
                for (const s of statements(get(rule, "statement"))) {
                    const group = get(s, "managedRuleGroupStatement.name");
                    if (typeof group !== "string") {
                        continue;
                    }
                    const overrides = knownItems(get(s, "managedRuleGroupStatement.ruleActionOverrides"))
                        .filter((o) => get(o, "actionToUse.count") !== undefined)
                        .map((o) => get(o, "name"));
                    const excluded = knownItems(get(s, "managedRuleGroupStatement.excludedRules")).map((o) => get(o, "name"));
                    for (const counted of [...overrides, ...excluded]) {
                        if (typeof counted === "string" && !c.allowedCountOverrides.includes(`${group}/${counted}`)) {
                            report(`Rule ${counted} of ${group} (in rule ${name}) is switched to count; allowed: ${c.allowedCountOverrides.join(", ") || "none"}.`);
                        }
                    }
                }
            }
        },
    }),
];
