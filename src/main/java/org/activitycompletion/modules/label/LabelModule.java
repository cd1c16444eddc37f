package org.activitycompletion.modules.label;

import jakarta.enterprise.context.ApplicationScoped;

import org.activitycompletion.modules.BasicModule;

/** Label: text on the course page; manual completion only. */
@ApplicationScoped
public class LabelModule extends BasicModule {

    public LabelModule() {
        super("label", false, false);
    }
}
