package com.kyeol.platform.aws;

import com.pulumi.aws.acm.Certificate;
import com.pulumi.aws.acm.CertificateArgs;
import com.pulumi.aws.acm.CertificateValidation;
import com.pulumi.aws.acm.CertificateValidationArgs;
import com.pulumi.aws.acm.outputs.CertificateDomainValidationOption;
import com.pulumi.aws.route53.Record;
import com.pulumi.aws.route53.RecordArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.Resource;

import java.util.List;
import java.util.Map;

/** ACM certificates validated through our hosted zone. */
public final class Certificates {

    private Certificates() {
    }

    /**
     * A DNS-validated certificate for {@code domain}, issued in {@code certificateTarget}'s region, with its
     * validation record in {@code zoneId} (through {@code dnsTarget}); the ARN resolves once ACM has issued it.
     *
     * @param name resource-name prefix, e.g. {@code dev-service} gives {@code dev-service-cert}
     */
    public static Output<String> dnsValidated(String name, String domain, Output<String> zoneId, AwsTarget certificateTarget,
                                              AwsTarget dnsTarget, Map<String, String> tags, Resource parent) {
        var certificate = new Certificate(name + "-cert", CertificateArgs.builder()
                .domainName(domain)
                .validationMethod("DNS")
                .keyAlgorithm("RSA_2048")
                .tags(tags)
                .build(), certificateTarget.child(parent));
        Output<CertificateDomainValidationOption> option = certificate.domainValidationOptions()
                .applyValue(options -> options.stream().filter(o -> o.domainName().orElse("").equals(domain)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("ACM returned no DNS validation record for " + domain)));
        // The CNAME ACM asks for; allowOverwrite because a replacement certificate for the same name asks for the same record.
        var record = new Record(name + "-cert-validation", RecordArgs.builder()
                .zoneId(zoneId)
                .name(option.applyValue(o -> o.resourceRecordName().orElseThrow()))
                .type("CNAME")
                .records(option.applyValue(o -> List.of(o.resourceRecordValue().orElseThrow())))
                .ttl(300)
                .allowOverwrite(true)
                .build(), dnsTarget.child(parent));
        var validation = new CertificateValidation(name + "-cert-validated", CertificateValidationArgs.builder()
                .certificateArn(certificate.arn())
                .validationRecordFqdns(record.fqdn().applyValue(List::of))
                .build(), certificateTarget.child(parent));
        return validation.certificateArn();
    }
}
