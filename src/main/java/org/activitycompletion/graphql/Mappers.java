package org.activitycompletion.graphql;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.activitycompletion.activity.Activity;
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

    List<ActivityType> activities(List<Activity> list) {
        Set<Long> locked = activities.locked(list.stream().map(a -> a.id).toList());
        return list.stream().map(a -> ActivityType.of(a, modules.require(a.modName), locked)).toList();
    }

    ActivityType activity(Activity activity) {
        return activities(List.of(activity)).get(0);
    }
}
