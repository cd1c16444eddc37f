package org.activitycompletion.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.runtime.StartupEvent;
import org.activitycompletion.user.AppUser;
import org.activitycompletion.user.UserService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * On a database without a site admin, creates user {@code admin} whose token is
 * {@code COMPLETION_ADMIN_TOKEN}, or a random token printed once. A configured token that is
 * not yet known is also added to an existing {@code admin}, so operators can recover access.
 * Instances starting together on an empty database take turns (a transaction-scoped advisory
 * lock), so exactly one creates the admin and none fails on the unique username.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    @Inject
    UserService users;

    @Inject
    TokenService tokens;

    @ConfigProperty(name = "completion.admin-token")
    Optional<String> adminToken;

    /** The advisory lock instances starting together take turns on (any fixed number; "ADMN"). */
    public static final long START_LOCK = 0x41444D4EL;

    @Transactional
    void onStart(@Observes StartupEvent event) {
        AppUser.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(" + START_LOCK + ")")
                .getSingleResult();
        Optional<String> configured = adminToken.map(String::strip).filter(t -> !t.isEmpty());
        AppUser admin = AppUser.findByUsername("admin");
        if (admin != null && admin.siteAdmin) {
            if (configured.isPresent() && !tokens.isKnown(configured.get())) {
                tokens.store(admin.id, configured.get());
                LOG.info("Added the token from COMPLETION_ADMIN_TOKEN to site admin 'admin'");
            }
            return;
        }
        if (AppUser.count("siteAdmin", true) > 0) {
            return;
        }
        if (admin == null) {
            admin = users.createUnchecked("admin", "Site administrator", true);
        }
        admin.siteAdmin = true;
        if (configured.isPresent()) {
            tokens.store(admin.id, configured.get());
            LOG.info("Created site admin 'admin' with the token from COMPLETION_ADMIN_TOKEN");
        } else {
            LOG.infof("Created site admin 'admin'. Its API token, shown only now: %s", tokens.issue(admin.id));
        }
    }
}
