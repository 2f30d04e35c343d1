package com.kyeol.platform.cost;

/**
 * One list price, with where it is published and how far it was confirmed: a fact with a date and a source.
 *
 * @param key      what is priced, e.g. {@code ec2.t3.medium}, {@code nat.gb} (the pricers ask by key)
 * @param usd      US dollars per {@code unit}
 * @param unit     e.g. {@code hour}, {@code GB-month}, {@code 10,000 requests}
 * @param offer    the AWS Price List API offer code the price belongs to (its offer file is {@link #offerFile})
 * @param page     the AWS pricing page that publishes it
 * @param basis    how far it was confirmed
 * @param evidence what was read (a page or file, and what it says), or why nothing could be read
 * @param asOf     the date the evidence states or was published (YYYY-MM or YYYY-MM-DD)
 */
public record Price(String key, double usd, String unit, String offer, String page, Basis basis, String evidence, String asOf) {

    /** How a price was established. Only {@link #PUBLISHED} is confirmed for the region it is listed under. */
    public enum Basis {
        /** A source states this price for this region, or for every region. */
        PUBLISHED("published"),
        /** A source states it for another region (named in the evidence); this region's own price was not found offline. */
        STAND_IN("stand-in"),
        /** No source could be read offline: the engineer's reading of the AWS page, to be checked against the offer file. */
        RECALLED("recalled, unconfirmed");

        private final String label;

        Basis(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The AWS Price List API offer file for {@code region} (the authoritative, machine-readable source). */
    public String offerFile(String region) {
        return "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/" + offer + "/current/" + region + "/index.json";
    }
}
