package org.activitycompletion.common;

/** The error codes of the API contract; GraphQL puts them in {@code extensions.code}. */
public enum ErrorCode {
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    INVALID_ARGUMENT,
    COMPLETION_DISABLED,
    NOT_MANUAL,
    NOT_ENROLLED,
    COMPLETION_LOCKED,
    CONFLICT
}
