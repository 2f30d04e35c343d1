package com.kyeol.platform.edge;

import com.pulumi.aws.s3.BucketV2;
import com.pulumi.core.Output;

/**
 * The private S3 bucket that holds Saleor's media, served at {@code /media/*} through an origin access
 * control. The data tier creates the bucket and owns its one bucket policy (S3 allows one per bucket); the
 * platform adds the statement that lets this edge's distribution read ({@code MediaStorage.cloudFrontReadStatement}).
 *
 * <p>Saleor's S3 storage writes keys under {@code AWS_LOCATION}; with {@code AWS_LOCATION=media} and
 * {@code AWS_MEDIA_CUSTOM_DOMAIN=<service hostname>} its URLs ({@code https://<host>/media/...}) map onto
 * the same keys, since CloudFront forwards the whole path.
 *
 * @param bucketName         the bucket's name
 * @param bucketArn          {@code arn:aws:s3:::<name>}
 * @param regionalDomainName {@code <name>.s3.<region>.amazonaws.com}, CloudFront's origin domain
 */
public record MediaOrigin(Output<String> bucketName, Output<String> bucketArn, Output<String> regionalDomainName) {

    public static MediaOrigin of(com.kyeol.platform.data.MediaStorage media) {
        return new MediaOrigin(media.bucketName, media.bucketArn, media.bucketRegionalDomainName);
    }

    public static MediaOrigin of(BucketV2 bucket) {
        return new MediaOrigin(bucket.bucket(), bucket.arn(), bucket.bucketRegionalDomainName());
    }
}
