package org.activitycompletion.modules.assign;

import jakarta.enterprise.context.ApplicationScoped;

import org.activitycompletion.modules.BasicModule;

/** Assignment: view, grade and pass grade. */
@ApplicationScoped
public class AssignModule extends BasicModule {

    public AssignModule() {
        super("assign", true, true);
    }
}
