package dev.sops4j.core.keys.age.plugin;

import java.io.IOException;

/** How plugin messages and prompts reach the user; {@link TerminalPluginUi} uses /dev/tty. */
public interface PluginUi {
    void message(String plugin, String text) throws IOException;

    /** A secret is read without echo. */
    String request(String plugin, String prompt, boolean secret) throws IOException;

    boolean confirm(String plugin, String prompt, String yes, String no) throws IOException;
}
