package org.activitycompletion.common;

/**
 * A failed operation, as clients see it: one contract error code and a plain English
 * sentence. Thrown by the application services; each adapter maps it once.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String entity;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    private ApiException(ErrorCode code, String message, String entity) {
        super(message, null, false, false);
        this.code = code;
        this.entity = entity;
    }

    public ErrorCode code() {
        return code;
    }

    /** For NOT_FOUND: what kind of thing was missing ("Course", "Activity", ...); null otherwise. */
    public String entity() {
        return entity;
    }

    public static ApiException notFound(String what, long id) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " " + id + " does not exist.", what);
    }

    public static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(ErrorCode.FORBIDDEN, message);
    }
}
