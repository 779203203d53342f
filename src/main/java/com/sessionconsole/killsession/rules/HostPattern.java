package com.sessionconsole.killsession.rules;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A client host as a rule names it: exact ({@code 10.0.0.5}, {@code app-7.example}), a prefix ending in
 * {@code %} as in a MySQL account ({@code 10.0.%}, {@code app-%}), or a CIDR block ({@code 10.0.0.0/8},
 * {@code fd00::/8}). It is compared with the session's host without its port, case-insensitively.
 */
public record HostPattern(String text) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    public HostPattern {
        text = text == null ? "" : text.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an empty host");
        }
        if (text.contains("/")) {
            cidr(text); // refuses a malformed block now, not at the first session
        } else if (text.indexOf('%') >= 0 && text.indexOf('%') != text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "': % may only end a host prefix (10.0.% or app-%)");
        }
    }

    /** Whether {@code host} (as the process list shows it, {@code host:port}) is this host. */
    public boolean matches(String host) {
        String bare = withoutPort(host);
        if (bare.isEmpty()) {
            return false;
        }
        if (text.contains("/")) {
            return inBlock(bare);
        }
        String wanted = text.toLowerCase(Locale.ROOT);
        String actual = bare.toLowerCase(Locale.ROOT);
        return wanted.endsWith("%") ? actual.startsWith(wanted.substring(0, wanted.length() - 1))
                : actual.equals(wanted);
    }

    /** The host of a process list row without the client's port ({@code 10.0.0.5:53122} is {@code 10.0.0.5}). */
    public static String withoutPort(String host) {
        if (host == null) {
            return "";
        }
        String text = host.strip();
        if (text.startsWith("[") && text.indexOf(']') > 0) {
            return text.substring(1, text.indexOf(']'));
        }
        int colon = text.lastIndexOf(':');
        // A TCP client always shows host:port; a socket client shows a bare name (localhost).
        if (colon > 0 && colon < text.length() - 1 && text.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return text.substring(0, colon);
        }
        return text;
    }

    private boolean inBlock(String host) {
        if (!IP_LITERAL.matcher(host).matches()) {
            return false; // a name is never resolved: matching must not wait on DNS
        }
        try {
            Block block = cidr(text);
            byte[] address = InetAddress.getByName(host).getAddress();
            byte[] network = block.network();
            if (address.length != network.length) {
                return false;
            }
            int bits = address.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .shiftRight(block.prefix()).not().and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private record Block(byte[] network, int prefix) {
    }

    private static Block cidr(String text) {
        int slash = text.indexOf('/');
        String address = text.substring(0, slash);
        String bits = text.substring(slash + 1);
        boolean v4 = IPV4.matcher(address).matches();
        if (!v4 && (!address.contains(":") || !IP_LITERAL.matcher(address).matches())) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR block (10.0.0.0/8 or fd00::/8)");
        }
        try {
            // Both forms are literals (checked above), so this never asks DNS.
            byte[] network = InetAddress.getByName(address).getAddress();
            int prefix = Integer.parseInt(bits);
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("'" + text + "': the prefix length must be 0 to "
                        + network.length * 8);
            }
            return new Block(network, prefix);
        } catch (NumberFormatException | UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR block (10.0.0.0/8 or fd00::/8)");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
