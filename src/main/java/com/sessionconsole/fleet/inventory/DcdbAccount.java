package com.sessionconsole.fleet.inventory;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an inventory entry of kind {@code dcdb-account} discovers: every DCDB instance of its regions that passes
 * the filter, found again every {@code rediscover}.
 *
 * @param regions    the API regions to look in, at least one
 * @param filter     which instances to take
 * @param rediscover how often the instances and their shards are found again
 */
public record DcdbAccount(List<String> regions, DiscoveryFilter filter, Duration rediscover) {
    public static final Duration DEFAULT_REDISCOVER = Duration.ofMinutes(5);
    public static final Duration MIN_REDISCOVER = Duration.ofSeconds(5);
    public static final Duration MAX_REDISCOVER = Duration.ofDays(1);
    private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");

    public DcdbAccount {
        regions = List.copyOf(new LinkedHashSet<>(regions == null ? List.of() : regions));
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("regions: give at least one region (e.g. ap-guangzhou)");
        }
        for (String region : regions) {
            requireRegion(region, "regions");
        }
        filter = filter == null ? DiscoveryFilter.NONE : filter;
        rediscover = rediscover == null ? DEFAULT_REDISCOVER : rediscover;
        if (rediscover.compareTo(MIN_REDISCOVER) < 0 || rediscover.compareTo(MAX_REDISCOVER) > 0) {
            throw new IllegalArgumentException("rediscoverSeconds: " + rediscover.toSeconds() + " (from "
                    + MIN_REDISCOVER.toSeconds() + " to " + MAX_REDISCOVER.toSeconds() + ")");
        }
    }

    /** Every instance of the account in these regions, found again every 5 minutes. */
    public static DcdbAccount of(List<String> regions) {
        return new DcdbAccount(regions, DiscoveryFilter.NONE, DEFAULT_REDISCOVER);
    }

    /** A Tencent Cloud region's shape: {@code ap-guangzhou}, {@code na-siliconvalley}, {@code ap-shanghai-fsi}. */
    public static boolean isRegion(String region) {
        return region != null && REGION.matcher(region).matches();
    }

    static void requireRegion(String region, String field) {
        if (!isRegion(region)) {
            throw new IllegalArgumentException(field + ": '" + region + "' is not a region (e.g. ap-guangzhou)");
        }
    }
}
