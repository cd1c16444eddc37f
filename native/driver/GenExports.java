import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.lang.module.ResolvedModule;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Prints one --add-exports option for every package of the JDK's modules that is not exported to
 * everyone, opened to all the modules of the builder jars in the directory given; only for the JDK
 * modules that the builder's boot layer resolves (the others would only draw JVM warnings). A GraalVM's
 * launcher passes such a list to its builder JVM; on a plain JDK the builder needs it too.
 * Usage: java GenExports.java DIR-OF-BUILDER-JARS
 */
public class GenExports {
    public static void main(String[] args) {
        Set<String> builderModules = new TreeSet<>();
        for (ModuleReference ref : ModuleFinder.of(Path.of(args[0])).findAll()) {
            builderModules.add(ref.descriptor().name());
        }
        String targets = String.join(",", builderModules);
        // the builder's boot layer: its jars first (the compiler jar upgrades the JDK's), then the JDK
        ModuleFinder finder = ModuleFinder.compose(ModuleFinder.of(Path.of(args[0])), ModuleFinder.ofSystem());
        Configuration boot = Configuration.resolveAndBind(finder, List.of(Configuration.empty()), ModuleFinder.of(),
                Set.of("org.graalvm.nativeimage.builder"));
        Set<String> resolved = new HashSet<>();
        for (ResolvedModule m : boot.modules()) {
            resolved.add(m.name());
        }
        for (ModuleReference ref : ModuleFinder.ofSystem().findAll()) {
            ModuleDescriptor module = ref.descriptor();
            if (!resolved.contains(module.name()) || builderModules.contains(module.name())) {
                continue;
            }
            Set<String> exported = new HashSet<>();
            for (ModuleDescriptor.Exports e : module.exports()) {
                if (!e.isQualified()) {
                    exported.add(e.source());
                }
            }
            for (String pkg : new TreeSet<>(module.packages())) {
                if (!exported.contains(pkg)) {
                    System.out.println("--add-exports=" + module.name() + "/" + pkg + "=" + targets);
                }
            }
        }
    }
}
