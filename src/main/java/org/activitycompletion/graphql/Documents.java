package org.activitycompletion.graphql;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;

/**
 * Tells whether a request's query is a GraphQL document, parsed as SmallRye parses it
 * ({@link ParseAndValidate#parse}, graphql-java's operation parser options and token limits).
 * SmallRye answers a query that does not parse with "Unparseable input document" and a
 * classification, no code; here it is refused with {@code INVALID_ARGUMENT} and the parser's own
 * account of where it went wrong.
 * <p>
 * Documents that parsed are remembered (up to {@value #REMEMBERED}, then forgotten all at once), so
 * the common requests, which repeat a few documents, are not parsed twice; refused ones are not.
 */
final class Documents {

    static final int REMEMBERED = 2_000;
    private static final Map<String, Boolean> PARSED = new ConcurrentHashMap<>();

    private Documents() {
    }

    /** What is wrong with the query, or null when it parses. */
    static String problem(String query) {
        if (query.isBlank()) {
            return "The request's \"query\" is empty: send a GraphQL document.";
        }
        if (PARSED.containsKey(query)) {
            return null;
        }
        ParseAndValidateResult parsed = ParseAndValidate.parse(ExecutionInput.newExecutionInput(query).build());
        if (parsed.isFailure()) {
            String reason = parsed.getSyntaxException() != null ? parsed.getSyntaxException().getMessage()
                    : "it does not parse";
            return "The query is not a valid GraphQL document: " + (reason.endsWith(".") ? reason : reason + ".");
        }
        if (PARSED.size() >= REMEMBERED) {
            PARSED.clear();
        }
        PARSED.put(query, Boolean.TRUE);
        return null;
    }
}
