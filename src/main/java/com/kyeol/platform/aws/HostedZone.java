package com.kyeol.platform.aws;

import com.pulumi.aws.route53.Route53Functions;
import com.pulumi.aws.route53.inputs.GetZoneArgs;
import com.pulumi.aws.route53.outputs.GetZoneResult;
import com.pulumi.core.Output;

/**
 * The existing public hosted zone of the domain, looked up (never created: no stack can delete it).
 */
public record HostedZone(String name, Output<String> zoneId, Output<String> arn) {

    public static HostedZone lookUp(String name, AwsTarget aws) {
        Output<GetZoneResult> zone = Route53Functions.getZone(GetZoneArgs.builder().name(name).privateZone(false).build(),
                aws.invoke());
        return new HostedZone(name, zone.applyValue(GetZoneResult::zoneId),
                zone.applyValue(z -> "arn:aws:route53:::hostedzone/" + z.zoneId()));
    }
}
