package com.sessionconsole.killsession;

/** The error codes of the KillSession contract (dcdb 2018-04-11) that the service itself can produce. */
public enum ErrorCode {
    MISSING_PARAMETER("MissingParameter"),
    INVALID_PARAMETER("InvalidParameter"),
    INSTANCE_NOT_FOUND("InvalidParameter.InstanceNotFound"),
    FLOW_NOT_FOUND("InvalidParameter.FlowNotFound"),
    PERMISSION_DENIED("UnauthorizedOperation.PermissionDenied"),
    UNSUPPORTED_OPERATION("UnsupportedOperation"),
    BACKEND_FAILED("FailedOperation.OssOperationFailed"),
    /** The audit store cannot be written (a full disk, a database that is down): nothing is killed. */
    AUDIT_UNAVAILABLE("InternalError.OperateDatabaseFailed"),
    INTERNAL_ERROR("InternalError");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The code as the API and the command line print it. */
    public String code() {
        return code;
    }
}
