package org.activitycompletion.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import org.activitycompletion.common.ApiException;
import org.activitycompletion.common.Blocking;
import org.activitycompletion.common.ErrorCode;
import org.activitycompletion.user.AppUser;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Callers signed in by an identity provider (Keycloak, Auth0, Entra ID, ...): a JSON Web Token
 * checked by smallrye-jwt against MicroProfile JWT's standard settings ({@code mp.jwt.verify.issuer}
 * with {@code mp.jwt.verify.publickey} or {@code mp.jwt.verify.publickey.location}, a PEM or JWKS
 * file or URL). The caller is the user whose username is the token's {@code preferred_username},
 * else its {@code sub}; roles still come from enrolments. Without an issuer configured, no token is
 * taken for a JWT and the opaque tokens alone work.
 */
@ApplicationScoped
public class IdentityProviderTokens {

    @Inject
    JWTParser parser;

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    /** Whether the token is a JWT this service is configured to verify (three dot-separated parts). */
    boolean handles(String token) {
        return issuer.isPresent() && token.chars().filter(c -> c == '.').count() == 2;
    }

    /**
     * The identity a verified token stands for.
     *
     * @throws ApiException UNAUTHENTICATED when the signature, issuer or lifetime does not verify, or
     *         no user has the token's username
     */
    Identity authenticate(String token) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            // Why a token was refused helps the operator, not the caller.
            Log.debugf("JSON Web Token refused: %s", e.getMessage());
            throw unauthenticated();
        }
        String username = Optional.ofNullable(jwt.<String>getClaim(Claims.preferred_username))
                .filter(name -> !name.isBlank()).orElse(jwt.getSubject());
        if (username == null || username.isBlank()) {
            throw unauthenticated();
        }
        Blocking.require();
        AppUser user = AppUser.findByUsername(username);
        if (user == null) {
            throw unauthenticated();
        }
        return new Identity(user.id, user.username, user.siteAdmin);
    }

    private static ApiException unauthenticated() {
        return new ApiException(ErrorCode.UNAUTHENTICATED,
                "The identity provider's token is not valid here (signature, issuer, expiry or unknown user).");
    }
}
