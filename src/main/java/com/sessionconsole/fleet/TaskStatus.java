package com.sessionconsole.fleet;

/** A kill task's state, with the numbers DescribeFlow answers. */
public enum TaskStatus {
    SUCCESS(0), FAILED(1), RUNNING(2);

    private final int flowStatus;

    TaskStatus(int flowStatus) {
        this.flowStatus = flowStatus;
    }

    /** DescribeFlow's Status: 0 success, 1 failed, 2 running. */
    public int flowStatus() {
        return flowStatus;
    }
}
