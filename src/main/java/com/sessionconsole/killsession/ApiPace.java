package com.sessionconsole.killsession;

import com.sessionconsole.fleet.backend.ApiCalls;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The least time some calls to a rate-limited API take: those of the busiest account and action, at the rate the
 * account may call it. A refresh of a large cloud fleet, or a mass kill through the cloud API, cannot be faster.
 *
 * @param least     the busiest lane's calls divided by its rate
 * @param action    the busiest lane's action, for the operator ("DescribeProcessList")
 * @param calls     its calls
 * @param perSecond its rate
 * @param total     the calls of every lane together
 */
public record ApiPace(Duration least, String action, int calls, int perSecond, int total) {

    /** The pace of these calls, or null when none is rate-limited. */
    public static ApiPace of(List<ApiCalls> calls) {
        Map<String, int[]> lanes = new LinkedHashMap<>(); // on a tie, the lane named first
        Map<String, ApiCalls> sample = new HashMap<>();
        int total = 0;
        for (ApiCalls call : calls) {
            String lane = call.account() + "\n" + call.action();
            lanes.computeIfAbsent(lane, k -> new int[1])[0] += call.calls();
            sample.merge(lane, call, (a, b) -> a.perSecond() <= b.perSecond() ? a : b);
            total += call.calls();
        }
        ApiPace busiest = null;
        for (Map.Entry<String, int[]> lane : lanes.entrySet()) {
            ApiCalls one = sample.get(lane.getKey());
            int count = lane.getValue()[0];
            Duration least = Duration.ofMillis(Math.round(count * 1000.0 / one.perSecond()));
            if (busiest == null || least.compareTo(busiest.least()) > 0) {
                busiest = new ApiPace(least, one.action(), count, one.perSecond(), 0);
            }
        }
        return busiest == null ? null : new ApiPace(busiest.least(), busiest.action(), busiest.calls(),
                busiest.perSecond(), total);
    }
}
