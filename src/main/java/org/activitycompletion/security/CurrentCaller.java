package org.activitycompletion.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The identity of the current request, resolved once from its token: the
 * {@code Authorization: Bearer} header, or a token an adapter read elsewhere (Moodle's wstoken).
 */
@RequestScoped
public class CurrentCaller {

    private static final String BEARER = "bearer ";

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
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).strip();
    }
}
