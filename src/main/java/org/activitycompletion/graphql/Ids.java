package org.activitycompletion.graphql;

import org.activitycompletion.common.ApiException;

/** GraphQL IDs are strings; ours are positive numbers. */
final class Ids {

    private Ids() {
    }

    static long parse(String id, String argument) {
        if (id != null) {
            try {
                long value = Long.parseLong(id.strip());
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw ApiException.invalid(argument + " must be a positive numeric ID, not '" + id + "'.");
    }

    static Long parseOptional(String id, String argument) {
        return id == null ? null : parse(id, argument);
    }

    static String of(Long id) {
        return id == null ? null : id.toString();
    }
}
