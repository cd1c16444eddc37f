package org.activitycompletion.common;

/**
 * A failed operation, as clients see it: one contract error code and a plain English
 * sentence. Thrown by the application services; each adapter maps it once.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static ApiException notFound(String what, long id) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " " + id + " does not exist.");
    }

    public static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(ErrorCode.FORBIDDEN, message);
    }
}
