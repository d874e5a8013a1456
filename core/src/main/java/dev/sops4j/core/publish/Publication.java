package dev.sops4j.core.publish;

import java.util.Arrays;

/**
 * What {@code publish} sends for one file: the encrypted file (for object stores) or the decrypted top-level values
 * as a JSON object (for Vault KV). The JSON is wiped by {@link #close()}.
 */
public final class Publication implements AutoCloseable {
    private final String fileName;
    private final byte[] encryptedFile;
    private final byte[] plaintextJson;

    private Publication(String fileName, byte[] encryptedFile, byte[] plaintextJson) {
        this.fileName = fileName;
        this.encryptedFile = encryptedFile;
        this.plaintextJson = plaintextJson;
    }

    public static Publication encrypted(String fileName, byte[] file) {
        return new Publication(fileName, file.clone(), null);
    }

    public static Publication plaintext(String fileName, byte[] json) {
        return new Publication(fileName, null, json.clone());
    }

    public String fileName() {
        return fileName;
    }

    public byte[] encryptedFile() {
        if (encryptedFile == null) {
            throw new IllegalStateException("no encrypted file in this publication");
        }
        return encryptedFile.clone();
    }

    public byte[] plaintextJson() {
        if (plaintextJson == null) {
            throw new IllegalStateException("no plaintext in this publication");
        }
        return plaintextJson.clone();
    }

    @Override
    public void close() {
        if (plaintextJson != null) {
            Arrays.fill(plaintextJson, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "Publication[" + fileName + "]";
    }
}
