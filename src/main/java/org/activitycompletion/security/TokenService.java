package org.activitycompletion.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import org.activitycompletion.common.ApiException;
import org.activitycompletion.common.LocalCache;
import org.activitycompletion.common.ErrorCode;
import org.activitycompletion.common.TransactionHooks;
import org.activitycompletion.feed.ChangeFeed;
import org.activitycompletion.user.AppUser;

/** Issues opaque API tokens and finds the user behind one. Tokens are stored as SHA-256 only. */
@ApplicationScoped
public class TokenService {

    private static final int TOKEN_BYTES = 32;
    private static final int MAX_TOKEN_LENGTH = 512;
    private final SecureRandom random = new SecureRandom();

    private static final String REVOKED = "token.revoked";

    @Inject
    TransactionHooks hooks;

    @Inject
    IdentityProviderTokens identityProvider;

    private final ChangeFeed feed;
    private final LocalCache<String, Optional<Identity>> identities;

    TokenService(@CacheName("token") Cache identities, ChangeFeed feed) {
        this.feed = feed;
        this.identities = new LocalCache<>(identities, feed.freshness());
        feed.onOthersChanges(REVOKED, body -> this.identities.invalidateAll());
    }

    /** A new random token for the user; the caller must show it once, it cannot be read back. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String issue(long userId) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        store(userId, token);
        return token;
    }

    /** Stores a token chosen elsewhere (the bootstrap admin's {@code COMPLETION_ADMIN_TOKEN}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void store(long userId, String token) {
        ApiToken apiToken = new ApiToken();
        apiToken.userId = userId;
        apiToken.tokenHash = hash(token);
        apiToken.persist();
    }

    /**
     * Revokes every live token of the user; they stop working as soon as this commits (the
     * identity cache is dropped then). Returns how many were revoked.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int revokeAll(long userId) {
        int revoked = ApiToken.update("revokedAt = ?1 where userId = ?2 and revokedAt is null", java.time.Instant.now(),
                userId);
        revoked();
        return revoked;
    }

    /** Revokes one token; returns the id of its user, or null when no live token matches. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Long revoke(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return null;
        }
        ApiToken found = ApiToken.find("tokenHash = ?1 and revokedAt is null", (Object) hash(token)).firstResult();
        if (found == null) {
            return null;
        }
        found.revokedAt = java.time.Instant.now();
        revoked();
        return found.userId;
    }

    /** Identities are cached by token: every instance drops them all once a revocation ends. */
    private void revoked() {
        hooks.afterCompletion(identities::invalidateAll, identities::invalidateAll);
        feed.publish(REVOKED, "");
    }

    /** Whether the token is stored (revoked or not). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean isKnown(String token) {
        return ApiToken.count("tokenHash", (Object) hash(token)) > 0;
    }

    /**
     * The identity a token stands for.
     *
     * @throws ApiException UNAUTHENTICATED when the token is missing, unknown or revoked, or is an
     *         identity provider's JWT that does not verify
     */
    @Transactional(Transactional.TxType.SUPPORTS) // a cached token needs no transaction
    public Identity authenticate(String token) {
        if (token == null || token.isBlank()) {
            throw unauthenticated();
        }
        if (identityProvider.handles(token)) {
            return identityProvider.authenticate(token);
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw unauthenticated();
        }
        byte[] presented = hash(token);
        String key = HexFormat.of().formatHex(presented);
        Optional<Identity> identity = identities.get(key, k -> lookup(presented));
        if (identity.isEmpty()) {
            identities.invalidate(key); // unknown tokens are not remembered
            throw unauthenticated();
        }
        return identity.get();
    }

    private Optional<Identity> lookup(byte[] presented) {
        List<Object[]> rows = ApiToken.getEntityManager()
                .createQuery("select t.tokenHash, u from ApiToken t, AppUser u"
                        + " where u.id = t.userId and t.tokenHash = :hash and t.revokedAt is null", Object[].class)
                .setParameter("hash", presented)
                .getResultList();
        // The lookup is by hash, so its timing says nothing about the token; the final check is constant-time.
        if (rows.isEmpty() || !MessageDigest.isEqual((byte[]) rows.get(0)[0], presented)) {
            return Optional.empty();
        }
        AppUser user = (AppUser) rows.get(0)[1];
        return Optional.of(new Identity(user.id, user.username, user.siteAdmin));
    }

    private static ApiException unauthenticated() {
        return new ApiException(ErrorCode.UNAUTHENTICATED, "A valid API token is required (Authorization: Bearer <token>).");
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
