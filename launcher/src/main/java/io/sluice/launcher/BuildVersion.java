package io.sluice.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code sluice --version}: the version the build wrote into {@code sluice-version.properties}. */
public final class BuildVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"sluice " + version(), "Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vm.name") + ")"};
    }

    public static String version() {
        try (InputStream in = BuildVersion.class.getClassLoader().getResourceAsStream("sluice-version.properties")) {
            if (in == null) {
                return "unknown (built without sluice-version.properties)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
