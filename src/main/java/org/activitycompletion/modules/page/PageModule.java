package org.activitycompletion.modules.page;

import jakarta.enterprise.context.ApplicationScoped;

import org.activitycompletion.modules.BasicModule;

/** Page: completion on view. */
@ApplicationScoped
public class PageModule extends BasicModule {

    public PageModule() {
        super("page", true, false);
    }
}
