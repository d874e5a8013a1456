package dev.sops4j.core.keys.age.plugin;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Plugin interaction on the controlling terminal (/dev/tty), like age; fails with one line when there is none. */
public final class TerminalPluginUi implements PluginUi {
    private static final String TTY = "/dev/tty";

    @Override
    public void message(String plugin, String text) throws IOException {
        try (OutputStream out = new FileOutputStream(TTY)) {
            out.write((plugin + " plugin: " + text + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw noTerminal(plugin);
        }
    }

    @Override
    public String request(String plugin, String prompt, boolean secret) throws IOException {
        try (OutputStream out = new FileOutputStream(TTY);
                BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(TTY),
                        StandardCharsets.UTF_8))) {
            out.write((plugin + " plugin: " + prompt + " ").getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (secret) {
                stty("-echo");
            }
            try {
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("terminal input closed");
                }
                return line;
            } finally {
                if (secret) {
                    stty("echo");
                    out.write('\n');
                }
            }
        } catch (java.io.FileNotFoundException e) {
            throw noTerminal(plugin);
        }
    }

    @Override
    public boolean confirm(String plugin, String prompt, String yes, String no) throws IOException {
        String choices = no.isEmpty() ? "[" + yes + "]" : "[1: " + yes + ", 2: " + no + "]";
        String answer = request(plugin, prompt + " " + choices, false).strip();
        return no.isEmpty() || answer.equals("1") || answer.equalsIgnoreCase(yes);
    }

    private static IOException noTerminal(String plugin) {
        return new IOException("the " + plugin + " plugin needs user interaction but there is no terminal");
    }

    private static void stty(String mode) {
        try {
            new ProcessBuilder("stty", mode).redirectInput(new java.io.File(TTY)).start().waitFor();
        } catch (IOException e) {
            // best effort: echo stays on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
