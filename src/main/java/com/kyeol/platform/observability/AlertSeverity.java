package com.kyeol.platform.observability;

import com.kyeol.platform.config.Tier;

/**
 * How loudly an alert speaks, decided by the environment's tier: production pages (Slack and e-mail, repeated
 * hourly), staging notifies Slack, development notifies Slack once a day and never pages.
 */
public enum AlertSeverity {
    CRITICAL("critical", AlertRouting.PAGE, "1h"),
    WARNING("warning", AlertRouting.SLACK, "4h"),
    INFO("info", AlertRouting.SLACK, "24h");

    private final String label;
    private final String receiver;
    private final String repeatInterval;

    AlertSeverity(String label, String receiver, String repeatInterval) {
        this.label = label;
        this.receiver = receiver;
        this.repeatInterval = repeatInterval;
    }

    /** The value of the alert's {@code severity} label. */
    public String label() {
        return label;
    }

    /** The Alertmanager receiver alerts of this severity go to. */
    public String receiver() {
        return receiver;
    }

    public String repeatInterval() {
        return repeatInterval;
    }

    public boolean pages() {
        return receiver.equals(AlertRouting.PAGE);
    }

    public static AlertSeverity of(Tier tier) {
        return switch (tier) {
            case PRODUCTION -> CRITICAL;
            case STAGING -> WARNING;
            case DEVELOPMENT -> INFO;
        };
    }
}
