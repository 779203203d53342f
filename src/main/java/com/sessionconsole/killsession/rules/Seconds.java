package com.sessionconsole.killsession.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** Times as a DBA writes them, as pt-kill reads them: {@code 30} (seconds), {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
public final class Seconds {

    private Seconds() {
    }

    /** A duration; a fraction is allowed ({@code 0.5}, {@code 1.5m}). */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an empty time (write 30, 30s, 5m, 2h or 1d)");
        }
        long unit = 1000;
        char last = value.charAt(value.length() - 1);
        if (!Character.isDigit(last) && last != '.') {
            unit = switch (last) {
                case 's' -> 1000L;
                case 'm' -> 60_000L;
                case 'h' -> 3_600_000L;
                case 'd' -> 86_400_000L;
                default -> throw new IllegalArgumentException("'" + text + "' is not a time (write 30, 30s, 5m, 2h or 1d)");
            };
            value = value.substring(0, value.length() - 1);
        }
        try {
            BigDecimal amount = new BigDecimal(value);
            if (amount.signum() < 0) {
                throw new IllegalArgumentException("'" + text + "' is negative");
            }
            if (amount.compareTo(BigDecimal.valueOf(3650L * 86_400_000L / unit)) > 0) {
                throw new IllegalArgumentException("'" + text + "' is longer than ten years");
            }
            return Duration.ofMillis(amount.multiply(BigDecimal.valueOf(unit)).longValue());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time (write 30, 30s, 5m, 2h or 1d)");
        }
    }

    /** Whole seconds, as the process list's Time column counts them. */
    public static long wholeSeconds(String text) {
        Duration duration = parse(text);
        if (duration.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("'" + text + "': the server counts whole seconds");
        }
        return duration.toSeconds();
    }

    /** The shortest form that reads back the same: {@code 90s}, {@code 5m}, {@code 1.5s}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
        }
        long seconds = millis / 1000;
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
