package org.activitycompletion.graphql;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.graphql.Types.ActivityType;
import org.activitycompletion.modules.ModuleRegistry;

/** Builds activity types. */
@ApplicationScoped
class Mappers {

    @Inject
    ModuleRegistry modules;

    List<ActivityType> activities(List<ActivityInfo> list) {
        return list.stream().map(a -> ActivityType.of(a, modules.require(a.modName()))).toList();
    }

    ActivityType activity(ActivityInfo activity) {
        return activities(List.of(activity)).get(0);
    }
}
