package com.sessionconsole.dcdb;

import java.time.Duration;

/**
 * The deadlines of the dcdb client.
 *
 * @param connect     TCP connect, per API call
 * @param read        waiting for an answer, per API call
 * @param write       sending a request, per API call
 * @param flowPoll    between two DescribeFlow calls while a kill task runs
 * @param flowTimeout how long a kill waits for its task to leave "running" before reporting it unfinished
 */
public record DcdbTimeouts(Duration connect, Duration read, Duration write, Duration flowPoll, Duration flowTimeout) {

    public static final DcdbTimeouts DEFAULT = new DcdbTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofMillis(250), Duration.ofSeconds(30));

    public DcdbTimeouts {
        for (Duration d : new Duration[] {connect, read, write, flowPoll, flowTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("every dcdb timeout must be positive");
            }
        }
    }

    /** The SDK takes whole seconds; never round a deadline down to "none". */
    static int seconds(Duration duration) {
        return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}
