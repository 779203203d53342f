package com.sessionconsole.api;

/**
 * A request the server answers with the error envelope: the contract's code and a message for the caller
 * that names the field. Never carries a stack trace or a SecretKey.
 */
public final class ApiError extends Exception {
    public static final String AUTH_SECRET_ID_NOT_FOUND = "AuthFailure.SecretIdNotFound";
    public static final String AUTH_SIGNATURE_FAILURE = "AuthFailure.SignatureFailure";
    public static final String AUTH_SIGNATURE_EXPIRE = "AuthFailure.SignatureExpire";
    public static final String AUTH_INVALID_AUTHORIZATION = "AuthFailure.InvalidAuthorization";
    public static final String INVALID_ACTION = "InvalidAction";
    public static final String NO_SUCH_VERSION = "NoSuchVersion";
    public static final String MISSING_PARAMETER = "MissingParameter";
    public static final String INVALID_PARAMETER = "InvalidParameter";
    public static final String INVALID_PARAMETER_VALUE = "InvalidParameterValue";
    public static final String UNKNOWN_PARAMETER = "UnknownParameter";
    public static final String INSTANCE_NOT_FOUND = "InvalidParameter.InstanceNotFound";
    public static final String FLOW_NOT_FOUND = "InvalidParameter.FlowNotFound";
    public static final String PERMISSION_DENIED = "UnauthorizedOperation.PermissionDenied";
    public static final String REQUEST_LIMIT_EXCEEDED = "RequestLimitExceeded";
    public static final String BACKEND_FAILED = "FailedOperation.OssOperationFailed";
    public static final String OPERATE_DATABASE_FAILED = "InternalError.OperateDatabaseFailed";
    public static final String INVALID_REQUEST = "InvalidRequest";
    public static final String UNSUPPORTED_PROTOCOL = "UnsupportedProtocol";
    public static final String INTERNAL_ERROR = "InternalError";

    private final String code;

    public ApiError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
