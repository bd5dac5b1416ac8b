package io.ferry.cli;

import io.ferry.telemetry.BuildInfo;
import picocli.CommandLine.IVersionProvider;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.stream.Collectors;

/** {@code --version}, in the shape Prometheus tools print it, with the JVM's collector and heap limit. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[]{
                "ferry, version " + BuildInfo.version(),
                "  java: " + Runtime.version() + " (" + System.getProperty("java.vm.vendor", "unknown vendor") + ")",
                "  jvm: " + jvm()};
    }

    /** The collector and the largest heap the JVM may take, as bin/ferry's defaults or FERRY_JAVA_OPTS chose them. */
    static String jvm() {
        String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
        return collectors + "; max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB";
    }
}
