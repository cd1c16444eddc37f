package org.activitycompletion.common;

import java.sql.SQLException;

/**
 * What a failure of the database means to a client, decided once for every adapter:
 * a lost race is CONFLICT or NOT_FOUND (retry or re-read), an unreachable database is
 * UNAVAILABLE (retry later); anything else is not the client's to act on.
 */
public final class DatabaseErrors {

    /** Not in the contract's list: the service cannot reach its database; retrying later may work. */
    public static final String UNAVAILABLE = "UNAVAILABLE";

    private DatabaseErrors() {
    }

    /** The client-facing code and message for a database failure, or null when it is none of these. */
    public static String[] classify(Throwable failure) {
        return classify(failure, 0);
    }

    private static String[] classify(Throwable failure, int depth) {
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            // A commit that failed (the connection died under it) reports the cause as suppressed.
            for (Throwable suppressed : t.getSuppressed()) {
                String[] found = classify(suppressed, depth + 1);
                if (found != null) {
                    return found;
                }
            }
            if (t instanceof javax.transaction.xa.XAException) {
                return new String[] {UNAVAILABLE, "The database is unavailable right now; retry shortly."};
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("40001") || state.equals("40P01") || state.equals("23505")) {
                    return new String[] {ErrorCode.CONFLICT.name(), "A concurrent change got there first; retry."};
                }
                if (state.equals("23503")) {
                    return new String[] {ErrorCode.NOT_FOUND.name(), "Something this refers to no longer exists."};
                }
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
                    return new String[] {UNAVAILABLE, "The database is unavailable right now; retry shortly."};
                }
            }
            if (t.getClass().getName().equals("io.agroal.pool.ConnectionPool$AcquisitionTimeoutException")
                    || (t instanceof SQLException && String.valueOf(t.getMessage()).contains("Acquisition timeout"))) {
                return new String[] {UNAVAILABLE, "The database is unavailable right now; retry shortly."};
            }
        }
        return null;
    }
}
