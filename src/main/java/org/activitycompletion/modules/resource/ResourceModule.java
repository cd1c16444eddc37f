package org.activitycompletion.modules.resource;

import jakarta.enterprise.context.ApplicationScoped;

import org.activitycompletion.modules.BasicModule;

/** File resource: completion on view. */
@ApplicationScoped
public class ResourceModule extends BasicModule {

    public ResourceModule() {
        super("resource", true, false);
    }
}
