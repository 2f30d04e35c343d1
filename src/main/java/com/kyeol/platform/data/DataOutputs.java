package com.kyeol.platform.data;

import java.util.List;

/**
 * Names of the data tier's stack outputs: the contract with the GitOps tree (which turns them into Saleor's
 * environment) and the edge (media bucket). Region comes from the stack's {@code region} output.
 */
public final class DataOutputs {

    /** {@code https://<serviceHostname>/}: Saleor's PUBLIC_URL. */
    public static final String PUBLIC_URL = "publicUrl";
    public static final String DATABASE_HOST = "databaseHost";
    public static final String DATABASE_PORT = "databasePort";
    public static final String DATABASE_NAME = "databaseName";
    public static final String DATABASE_USERNAME = "databaseUsername";
    /** The minor RDS actually runs (the stack file may name only the major). */
    public static final String DATABASE_ENGINE_VERSION = "databaseEngineVersion";
    /** Secrets Manager ARN of the RDS-managed master credentials (JSON username/password; RDS rotates it). */
    public static final String DATABASE_MASTER_SECRET_ARN = "databaseMasterSecretArn";
    public static final String CACHE_HOST = "cacheHost";
    public static final String CACHE_READER_HOST = "cacheReaderHost";
    public static final String CACHE_PORT = "cachePort";
    public static final String MEDIA_BUCKET_NAME = "mediaBucketName";
    public static final String MEDIA_BUCKET_ARN = "mediaBucketArn";
    public static final String MEDIA_BUCKET_REGIONAL_DOMAIN_NAME = "mediaBucketRegionalDomainName";
    /** Secrets Manager ARN of {@code kyeol/<env>/saleor} (see {@link AppSecrets#KEYS}). */
    public static final String SALEOR_SECRET_ARN = "saleorSecretArn";
    public static final String SALEOR_MEDIA_ROLE_ARN = "saleorMediaRoleArn";
    public static final String SALEOR_NAMESPACE = "saleorNamespace";
    public static final String SALEOR_SERVICE_ACCOUNTS = "saleorServiceAccounts";

    /** Hub: repository name (as in {@code registry.repositories}) to repository URL. */
    public static final String ECR_REPOSITORY_URLS = "ecrRepositoryUrls";

    /** Every output a workload stack's data tier adds. */
    public static final List<String> WORKLOAD = List.of(PUBLIC_URL, DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_USERNAME,
            DATABASE_ENGINE_VERSION, DATABASE_MASTER_SECRET_ARN, CACHE_HOST, CACHE_READER_HOST, CACHE_PORT, MEDIA_BUCKET_NAME,
            MEDIA_BUCKET_ARN, MEDIA_BUCKET_REGIONAL_DOMAIN_NAME, SALEOR_SECRET_ARN,
            SALEOR_MEDIA_ROLE_ARN, SALEOR_NAMESPACE, SALEOR_SERVICE_ACCOUNTS);

    private DataOutputs() {
    }
}
