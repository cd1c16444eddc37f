package org.activitycompletion.modules.url;

import jakarta.enterprise.context.ApplicationScoped;

import org.activitycompletion.modules.BasicModule;

/** URL: completion on view. */
@ApplicationScoped
public class UrlModule extends BasicModule {

    public UrlModule() {
        super("url", true, false);
    }
}
