package org.activitycompletion.user;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.activitycompletion.common.ApiException;
import org.activitycompletion.common.ErrorCode;
import org.activitycompletion.common.Text;
import org.activitycompletion.security.AccessPolicy;
import org.activitycompletion.security.TokenService;

/** Users and their tokens: site administration. */
@ApplicationScoped
@Transactional
public class UserService {

    /** Moodle's default username rule: lower case letters, digits and _ - . @ */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.@-]+");

    @Inject
    AccessPolicy access;

    @Inject
    TokenService tokens;

    public AppUser create(String username, String fullName, boolean siteAdmin) {
        access.requireSiteAdmin();
        return createUnchecked(username, fullName, siteAdmin);
    }

    /** Creates a user without an authorization check: for the bootstrap admin and demo data. */
    public AppUser createUnchecked(String username, String fullName, boolean siteAdmin) {
        String name = Text.required(username, "username", 100);
        if (!USERNAME.matcher(name).matches()) {
            throw ApiException.invalid("username may contain only lower-case letters, digits and _ - . @");
        }
        if (AppUser.findByUsername(name) != null) {
            throw new ApiException(ErrorCode.CONFLICT, "The username '" + name + "' is taken.");
        }
        AppUser user = new AppUser();
        user.username = name;
        user.fullName = Text.required(fullName, "fullName", 255);
        user.siteAdmin = siteAdmin;
        user.persist();
        return user;
    }

    /** A new API token for the user, returned once. */
    public String issueToken(long userId) {
        access.requireSiteAdmin();
        return tokens.issue(require(userId).id);
    }

    /** Site admins: revokes all of a user's tokens at once. */
    public int revokeTokens(long userId) {
        access.requireSiteAdmin();
        return tokens.revokeAll(require(userId).id);
    }

    /**
     * Revokes one token: the caller's own, or anyone's for a site admin. A token that is unknown,
     * already revoked or someone else's answers NOT_FOUND (without saying which).
     */
    public boolean revokeToken(String token) {
        boolean admin = access.identity().siteAdmin();
        long caller = access.userId();
        Long owner = tokens.revoke(token);
        if (owner == null || (!admin && owner != caller)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No such token of yours.");
        }
        return true;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public AppUser me() {
        return require(access.userId());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public AppUser require(long userId) {
        AppUser user = AppUser.findById(userId);
        if (user == null) {
            throw ApiException.notFound("User", userId);
        }
        return user;
    }
}
