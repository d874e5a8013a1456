package dev.sops4j.core.keys.age;

import dev.sops4j.core.env.Environment;
import dev.sops4j.core.keys.age.plugin.Plugins;
import dev.sops4j.core.keys.age.plugin.TerminalPluginUi;
import java.time.Duration;

/** The plugin settings of an environment: its PATH, and SOPS4J_AGE_PLUGIN_TIMEOUT (seconds, default 120). */
final class PluginSupport {
    static final String TIMEOUT = "SOPS4J_AGE_PLUGIN_TIMEOUT";

    private PluginSupport() {
    }

    static Plugins from(Environment env) {
        Duration timeout = Plugins.DEFAULT_TIMEOUT;
        String t = env.get(TIMEOUT).orElse("");
        if (t.matches("[0-9]{1,6}") && Integer.parseInt(t) > 0) {
            timeout = Duration.ofSeconds(Integer.parseInt(t));
        }
        return new Plugins(env.get("PATH").orElse(""), timeout, new TerminalPluginUi());
    }
}
