package com.kyeol.platform.edge;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.config.EdgeSettings.WafSettings;
import com.pulumi.aws.wafv2.WebAcl;
import com.pulumi.aws.wafv2.WebAclArgs;
import com.pulumi.aws.wafv2.WebAclLoggingConfiguration;
import com.pulumi.aws.wafv2.WebAclLoggingConfigurationArgs;
import com.pulumi.aws.wafv2.inputs.WebAclDefaultActionAllowArgs;
import com.pulumi.aws.wafv2.inputs.WebAclDefaultActionArgs;
import com.pulumi.aws.wafv2.inputs.WebAclLoggingConfigurationRedactedFieldArgs;
import com.pulumi.aws.wafv2.inputs.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleActionArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleActionBlockArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleOverrideActionArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleOverrideActionNoneArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementManagedRuleGroupStatementArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseCountArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementRateBasedStatementArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleVisibilityConfigArgs;
import com.pulumi.aws.wafv2.inputs.WebAclVisibilityConfigArgs;
import com.pulumi.core.Output;

import java.util.List;

/**
 * The web ACL in front of one distribution (scope CLOUDFRONT, so on the us-east-1 target), in priority order:
 * Amazon's IP reputation list, a per-IP rate limit, the common rule set and known bad inputs (Log4j among
 * them). Requests and rule matches are sampled and measured; full logs go to a CloudWatch log group whose
 * name starts with {@code aws-waf-logs-} (AWS's requirement), with Authorization and Cookie redacted.
 */
record WebAclResources(Output<String> arn, Output<String> logGroupName) {

    /**
     * Common-rule-set rules switched to count: SizeRestrictions_BODY blocks request bodies over 8 KB, which
     * is every dashboard image upload (a multipart GraphQL mutation) and many product edits.
     */
    static final List<String> COMMON_RULES_COUNTED = List.of("SizeRestrictions_BODY");

    static WebAclResources create(EdgeComponent edge, String name, AwsTarget global, WafSettings waf, int retentionDays) {
        String aclName = "kyeol-" + name + "-edge";
        var acl = new WebAcl(name + "-web-acl", WebAclArgs.builder()
                .name(aclName)
                .description("KYEOL " + name + ": CloudFront in front of the shop")
                .scope("CLOUDFRONT")
                .defaultAction(WebAclDefaultActionArgs.builder().allow(WebAclDefaultActionAllowArgs.builder().build()).build())
                .rules(
                        managedRuleGroup(0, "AWSManagedRulesAmazonIpReputationList", List.of()),
                        rateLimitPerIp(1, waf),
                        managedRuleGroup(2, "AWSManagedRulesCommonRuleSet", COMMON_RULES_COUNTED),
                        managedRuleGroup(3, "AWSManagedRulesKnownBadInputsRuleSet", List.of()))
                .visibilityConfig(visibility(aclName))
                .tags(edge.nameTag("web-acl"))
                .build(), edge.child(global));
        var logGroup = edge.wafLogGroup(retentionDays);
        new WebAclLoggingConfiguration(name + "-waf-logging", WebAclLoggingConfigurationArgs.builder()
                .resourceArn(acl.arn())
                .logDestinationConfigs(logGroup.arn().applyValue(List::of))
                .redactedFields(redactHeader("authorization"), redactHeader("cookie"))
                .build(), edge.child(global));
        return new WebAclResources(acl.arn(), logGroup.name());
    }

    private static WebAclRuleArgs managedRuleGroup(int priority, String group, List<String> countedRules) {
        var statement = WebAclRuleStatementManagedRuleGroupStatementArgs.builder()
                .vendorName("AWS")
                .name(group);
        if (!countedRules.isEmpty()) {
            statement.ruleActionOverrides(countedRules.stream().map(rule ->
                    WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArgs.builder()
                            .name(rule)
                            .actionToUse(WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseArgs.builder()
                                    .count(WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseCountArgs.builder().build())
                                    .build())
                            .build()).toList());
        }
        return WebAclRuleArgs.builder()
                .name("AWS-" + group)
                .priority(priority)
                .overrideAction(WebAclRuleOverrideActionArgs.builder().none(WebAclRuleOverrideActionNoneArgs.builder().build()).build())
                .statement(WebAclRuleStatementArgs.builder().managedRuleGroupStatement(statement.build()).build())
                .visibilityConfig(ruleVisibility("AWS-" + group))
                .build();
    }

    private static WebAclRuleArgs rateLimitPerIp(int priority, WafSettings waf) {
        return WebAclRuleArgs.builder()
                .name("rate-limit-per-ip")
                .priority(priority)
                .action(WebAclRuleActionArgs.builder().block(WebAclRuleActionBlockArgs.builder().build()).build())
                .statement(WebAclRuleStatementArgs.builder()
                        .rateBasedStatement(WebAclRuleStatementRateBasedStatementArgs.builder()
                                .aggregateKeyType("IP")
                                .limit(waf.rateLimit())
                                .evaluationWindowSec(waf.rateWindowSeconds())
                                .build())
                        .build())
                .visibilityConfig(ruleVisibility("rate-limit-per-ip"))
                .build();
    }

    private static WebAclVisibilityConfigArgs visibility(String metricName) {
        return WebAclVisibilityConfigArgs.builder()
                .metricName(metricName)
                .cloudwatchMetricsEnabled(true)
                .sampledRequestsEnabled(true)
                .build();
    }

    private static WebAclRuleVisibilityConfigArgs ruleVisibility(String metricName) {
        return WebAclRuleVisibilityConfigArgs.builder()
                .metricName(metricName)
                .cloudwatchMetricsEnabled(true)
                .sampledRequestsEnabled(true)
                .build();
    }

    private static WebAclLoggingConfigurationRedactedFieldArgs redactHeader(String header) {
        return WebAclLoggingConfigurationRedactedFieldArgs.builder()
                .singleHeader(WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs.builder().name(header).build())
                .build();
    }
}
