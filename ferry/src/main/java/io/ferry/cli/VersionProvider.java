package io.ferry.cli;

import io.ferry.telemetry.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}, in the shape Prometheus tools print it. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[]{
                "ferry, version " + BuildInfo.version(),
                "  java: " + Runtime.version() + " (" + System.getProperty("java.vm.vendor", "unknown vendor") + ")"};
    }
}
