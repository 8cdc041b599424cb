import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Prints --add-exports for every package of every JDK module the image generator's boot layer
 * holds, to the generator's modules and the unnamed module. A GraalVM JDK is built with those
 * exports; a stock JDK (Temurin) needs them on the command line.
 *
 * java Exports.java TARGETS MODULE_PATH   (TARGETS: comma-separated module names; MODULE_PATH: the
 * generator jars, compiler jar included)
 */
public class Exports {
    public static void main(String[] args) {
        Path[] mp = Arrays.stream(args[1].split(":")).filter(s -> !s.isEmpty()).map(Path::of).toArray(Path[]::new);
        // this program runs with the default root modules (ALL-DEFAULT), as the generator does;
        // the generator's own requires (jdk.internal.vm.ci, ...) come from resolving it
        Configuration cf = ModuleLayer.boot().configuration()
                .resolve(ModuleFinder.of(mp), ModuleFinder.ofSystem(), Set.of("org.graalvm.nativeimage.builder"));
        Set<String> system = new TreeSet<>();
        ModuleLayer.boot().modules().forEach(m -> system.add(m.getName()));
        ModuleFinder jdk = ModuleFinder.ofSystem();
        for (ResolvedModule m : cf.modules()) {
            if (jdk.find(m.name()).isPresent()) system.add(m.name());
        }
        for (String name : system) {
            var d = jdk.find(name);
            if (d.isEmpty()) continue; // this program's own unnamed module etc.
            for (String p : new TreeSet<>(d.get().descriptor().packages())) {
                System.out.println("--add-exports=" + name + "/" + p + "=" + args[0]);
            }
        }
    }
}
