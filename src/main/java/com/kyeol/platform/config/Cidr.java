package com.kyeol.platform.config;

import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 network in CIDR notation whose host bits are zero, e.g. {@code 10.10.0.0/16}. */
public record Cidr(long network, int prefix) {

    private static final Pattern SHAPE = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /** Parses strictly: four octets 0-255, a prefix 0-32 and no host bits set; empty otherwise. */
    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var m = SHAPE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return Optional.empty();
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32) {
            return Optional.empty();
        }
        var cidr = new Cidr(address, prefix);
        return (address & ~cidr.mask() & 0xFFFFFFFFL) == 0 ? Optional.of(cidr) : Optional.empty();
    }

    private long mask() {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    /** Number of addresses in the block. */
    public long size() {
        return 1L << (32 - prefix);
    }

    public boolean contains(Cidr other) {
        return other.prefix >= prefix && (other.network & mask()) == network;
    }

    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    /**
     * Do these blocks together cover every IPv4 address? {@code 0.0.0.0/1} and {@code 128.0.0.0/1} do, exactly like
     * {@code 0.0.0.0/0}; so does any set whose union leaves no address out.
     */
    public static boolean coverEveryAddress(java.util.Collection<Cidr> blocks) {
        long next = 0; // the first address not yet known to be covered
        for (Cidr c : blocks.stream().sorted(java.util.Comparator.comparingLong(Cidr::network)).toList()) {
            if (c.network > next) {
                return false;
            }
            next = Math.max(next, c.network + c.size());
        }
        return next >= 1L << 32;
    }

    @Override
    public String toString() {
        return String.format("%d.%d.%d.%d/%d",
                (network >> 24) & 255, (network >> 16) & 255, (network >> 8) & 255, network & 255, prefix);
    }
}
