package dev.cairn.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the command line and environment into a {@link LoadOutcome}, in etcd's order: parse the
 * flags; reject positional arguments; honour {@code --version}; then either the config file
 * ({@code --config-file} or {@code ETCD_CONFIG_FILE}, which makes other flags and variables
 * ignored) or the flags overlaid with {@code ETCD_*} variables, then with the defaults of {@link
 * FlagDefaults} for flags neither set; then validate. Stateless.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /**
     * Loads the configuration.
     *
     * @param args command-line arguments without the program name
     * @param env the process environment ({@code ETCD_*} and {@value FlagDefaults#VARIABLE})
     * @throws ConfigException for flag syntax errors (exit 2) and invalid configurations (exit 1)
     */
    public static LoadOutcome load(List<String> args, Map<String, String> env) throws ConfigException {
        CommandLine commandLine = CommandLine.parse(args);
        if (commandLine.help()) {
            return new LoadOutcome.ShowHelp();
        }
        if (!commandLine.positional().isEmpty()) {
            throw ConfigException.invalid("'" + commandLine.positional().get(0) + "' is not a valid flag");
        }
        if (commandLine.values().getOrDefault("version", "false").equals("true")) {
            return new LoadOutcome.ShowVersion();
        }
        List<Notice> notices = new ArrayList<>(commandLine.notices());
        String configFile = commandLine.values().getOrDefault("config-file", "");
        if (configFile.isEmpty()) {
            configFile = env.getOrDefault("ETCD_CONFIG_FILE", "");
        }
        ServerConfig config;
        if (!configFile.isEmpty()) {
            notices.add(
                    Notice.info(
                            "loaded server configuration from " + configFile
                                    + "; other configuration command line flags and environment variables will be ignored if provided"));
            Map<String, String> values = ConfigFile.read(Path.of(configFile), notices);
            config = ConfigResolver.resolve(values, false, notices);
        } else {
            Map<String, String> values =
                    FlagDefaults.apply(EnvironmentOverlay.apply(commandLine, env, notices), env, notices);
            boolean advertiseRequired =
                    values.containsKey("listen-client-urls") && !values.containsKey("advertise-client-urls");
            config = ConfigResolver.resolve(values, advertiseRequired, notices);
        }
        SingleMember.check(config, notices);
        return new LoadOutcome.Run(config, notices);
    }
}
