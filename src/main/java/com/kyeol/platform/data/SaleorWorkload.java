package com.kyeol.platform.data;

import java.util.List;

/**
 * Names the platform and the GitOps tree (which creates the namespace and service accounts) must agree on. The
 * Pod Identity associations are made for exactly these, before they exist; a pod gets the media role only when
 * it runs in this namespace under one of these service accounts.
 */
public final class SaleorWorkload {

    /** The namespace Saleor runs in, on every workload cluster. */
    public static final String NAMESPACE = "saleor";
    /** The API (uvicorn): uploads product media, renders thumbnails. */
    public static final String API_SERVICE_ACCOUNT = "saleor-api";
    /** Celery worker and beat: writes exports and thumbnails in the background. */
    public static final String WORKER_SERVICE_ACCOUNT = "saleor-worker";
    /** The service accounts that may write the media bucket. */
    public static final List<String> MEDIA_WRITERS = List.of(API_SERVICE_ACCOUNT, WORKER_SERVICE_ACCOUNT);

    /**
     * Where the Saleor pods that talk to PostgreSQL find the RDS CA bundle (an init container writes it into an
     * emptyDir, gitops/base/database-tls.yaml); DATABASE_URL names it as {@code sslrootcert}.
     */
    public static final String DATABASE_CA_FILE = "/etc/ssl/rds/ca-bundle.pem";
    /** The platform fact (ConfigMap key) with the bundle's HTTPS address, read by that init container. */
    public static final String DATABASE_CA_BUNDLE_URL = "DATABASE_CA_BUNDLE_URL";

    private SaleorWorkload() {
    }
}
