package org.activitycompletion.modules;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;

import org.activitycompletion.common.ApiException;

/** All installed activity modules, by modname. */
@ApplicationScoped
public class ModuleRegistry {

    private final Map<String, ActivityModule> modules;

    ModuleRegistry(@All List<ActivityModule> installed) {
        modules = installed.stream()
                .collect(Collectors.toMap(ActivityModule::name, Function.identity(), (a, b) -> {
                    throw new IllegalStateException("Two modules named " + a.name());
                }, TreeMap::new));
    }

    /** The module named {@code modName}; INVALID_ARGUMENT when none is installed. */
    public ActivityModule require(String modName) {
        ActivityModule module = modName == null ? null : modules.get(modName);
        if (module == null) {
            throw ApiException.invalid("Unknown module '" + modName + "'. Known modules: "
                    + String.join(", ", modules.keySet()) + ".");
        }
        return module;
    }

}
