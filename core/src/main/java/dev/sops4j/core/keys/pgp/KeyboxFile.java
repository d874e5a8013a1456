package dev.sops4j.core.keys.pgp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the OpenPGP keyblocks out of a GnuPG 2.1+ keybox ({@code pubring.kbx}).
 *
 * <p>A keybox is a sequence of blobs. Every blob starts with a big-endian u32 length (covering the whole blob,
 * these four bytes included), a type byte (1 = file header, 2 = OpenPGP, 3 = X.509) and a version byte. An OpenPGP
 * blob continues with u16 flags (bit 1 = ephemeral, i.e. not really part of the ring), then the u32 offset (from the
 * blob start) and u32 length of the keyblock: the key's packets exactly as {@code gpg --export} would write them. The
 * key/user-id index and checksum that follow are not needed, since BouncyCastle parses the keyblock itself.
 */
final class KeyboxFile {
    private static final int TYPE_OPENPGP = 2;
    private static final int FLAG_EPHEMERAL = 0x02;
    private static final int OPENPGP_HEADER = 16;

    private KeyboxFile() {
    }

    /** The keyblocks of all non-ephemeral OpenPGP blobs, in file order. */
    static List<byte[]> openPgpKeyblocks(byte[] kbx) throws IOException {
        List<byte[]> blocks = new ArrayList<>();
        int pos = 0;
        while (pos < kbx.length) {
            if (kbx.length - pos < 6) {
                throw new IOException("truncated keybox blob at offset " + pos);
            }
            long blobLength = u32(kbx, pos);
            if (blobLength < 6 || blobLength > kbx.length - pos) {
                throw new IOException("bad keybox blob length " + blobLength + " at offset " + pos);
            }
            int blobLen = (int) blobLength;
            if ((kbx[pos + 4] & 0xff) == TYPE_OPENPGP) {
                if (blobLen < OPENPGP_HEADER) {
                    throw new IOException("truncated OpenPGP keybox blob at offset " + pos);
                }
                int flags = u16(kbx, pos + 6);
                long offset = u32(kbx, pos + 8);
                long length = u32(kbx, pos + 12);
                if (offset > blobLen || length > blobLen - offset) {
                    throw new IOException("keyblock outside its keybox blob at offset " + pos);
                }
                if ((flags & FLAG_EPHEMERAL) == 0) {
                    int start = pos + (int) offset;
                    blocks.add(Arrays.copyOfRange(kbx, start, start + (int) length));
                }
            }
            pos += blobLen;
        }
        return blocks;
    }

    private static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8)
                | (b[at + 3] & 0xff);
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
