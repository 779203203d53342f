package com.sessionconsole.killsession.audit;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link AuditRotationCrashTest}: writes tasks into a data dir with tiny segments,
 * printing {@code ACK id} once each is durable, and stops at one step of the first rotation, printing
 * {@code AT step}, to be killed there with SIGKILL.
 */
public final class RotationCrashChild {
    private RotationCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String stopAt = args[1];
        ActiveFile.afterStep = step -> {
            if (step.equals(stopAt)) {
                System.out.println("AT " + step);
                System.out.flush();
                try {
                    Thread.sleep(60_000); // killed long before: the parent sends SIGKILL on reading AT
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(3);
            }
        };
        try (FileAuditStore log = FileAuditStore.open(dir, 10, SegmentedLogs.TINY)) {
            for (int i = 0; i < 1_000; i++) {
                System.out.println("ACK " + SegmentedLogs.settled(log, i).taskId());
                System.out.flush();
            }
        }
        Runtime.getRuntime().halt(4); // no rotation came: the parent fails
    }
}
