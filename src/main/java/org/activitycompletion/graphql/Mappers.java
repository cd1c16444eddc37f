package org.activitycompletion.graphql;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.activity.ActivityService;
import org.activitycompletion.graphql.Types.ActivityType;
import org.activitycompletion.modules.ModuleRegistry;

/** Builds activity types, with the lock state of a whole list fetched at once. */
@ApplicationScoped
class Mappers {

    @Inject
    ActivityService activities;

    @Inject
    ModuleRegistry modules;

    List<ActivityType> activities(List<ActivityInfo> list) {
        Set<Long> locked = activities.locked(list.stream().map(ActivityInfo::id).toList());
        return list.stream().map(a -> ActivityType.of(a, modules.require(a.modName()), locked)).toList();
    }

    ActivityType activity(ActivityInfo activity) {
        return activities(List.of(activity)).get(0);
    }
}
