package org.activitycompletion.security;

import java.util.Map;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.graphql.execution.context.SmallRyeContext;
import io.smallrye.graphql.execution.context.SmallRyeContextManager;
import io.vertx.ext.web.RoutingContext;

/**
 * The identity of the current request, resolved once from its token: the
 * {@code Authorization: Bearer} header, or a token an adapter read elsewhere (Moodle's wstoken).
 * A browser cannot set headers on a WebSocket, so a GraphQL WebSocket may instead carry
 * {@code "Authorization": "Bearer <token>"} in its {@code connection_init} payload.
 */
@RequestScoped
public class CurrentCaller {

    private static final String BEARER = "bearer ";
    /** Where SmallRye GraphQL keeps a WebSocket's connection_init payload. */
    private static final String INIT_PAYLOAD = "init-payload";

    @Inject
    CurrentVertxRequest request;

    @Inject
    TokenService tokens;

    private String explicitToken;
    private Identity identity;

    /** Authenticate this request with a token that does not come in the Authorization header. */
    public void useToken(String token) {
        explicitToken = token;
        identity = null;
    }

    /** @throws org.activitycompletion.common.ApiException UNAUTHENTICATED without a valid token */
    public Identity identity() {
        if (identity == null) {
            identity = tokens.authenticate(explicitToken != null ? explicitToken : bearerToken());
        }
        return identity;
    }

    /** The token this request presents, without checking it. */
    public String presentedToken() {
        return explicitToken != null ? explicitToken : bearerToken();
    }

    private String bearerToken() {
        RoutingContext context = request.getCurrent();
        String header = context == null ? null : context.request().getHeader("Authorization");
        if (header == null && context != null && "websocket".equalsIgnoreCase(context.request().getHeader("Upgrade"))) {
            header = webSocketInitAuthorization();
        }
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).strip();
    }

    /** The {@code Authorization} entry of the GraphQL WebSocket's connection_init payload, if any. */
    private static String webSocketInitAuthorization() {
        SmallRyeContext graphql = SmallRyeContextManager.getCurrentSmallRyeContext();
        if (graphql == null || graphql.getDataFetchingEnvironment() == null) {
            return null;
        }
        Map<String, Object> payload = graphql.getDataFetchingEnvironment().getGraphQlContext().get(INIT_PAYLOAD);
        Object authorization = payload == null ? null : payload.get("Authorization");
        return authorization instanceof JsonString value ? value.getString() : null;
    }
}
