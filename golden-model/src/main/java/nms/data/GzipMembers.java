package nms.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The decompressed bytes of a gzip file (RFC 1952), one member after another, checked strictly:
 * every member's CRC-32 and length, and nothing but further members after the first. The JDK's
 * {@code GZIPInputStream} silently drops whatever follows a member when it does not parse as a
 * header, so a file with trailing garbage would pass as clean; here it is an {@link IOException}
 * naming the compressed byte offset. A member whose deflate data is cut short is an {@link
 * EOFException}, as the JDK's; one cut inside its trailer is an {@link IOException}.
 */
final class GzipMembers extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED_FLAGS = 0xe0;

    private final InputStream raw;
    private final byte[] buffer;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] one = new byte[1];
    /** Compressed bytes taken from {@code raw} and not handed to the inflater yet. */
    private int bufferStart;
    private int bufferEnd;
    /** Compressed bytes consumed before {@code buffer[0]}. */
    private long bufferOffset;
    private long memberStart;
    private boolean inMember;
    private boolean finished;

    GzipMembers(InputStream raw, int bufferBytes) throws IOException {
        this.raw = raw;
        this.buffer = new byte[bufferBytes];
        if (!startMember()) {
            throw new IOException("empty file where gzip data was expected");
        }
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] out, int from, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!finished) {
            if (!inMember) {
                if (!startMember()) {
                    finished = true;
                    break;
                }
            }
            int n = inflate(out, from, length);
            if (n > 0) {
                crc.update(out, from, n);
                return n;
            }
            if (inflater.finished()) {
                endMember();
            }
        }
        return -1;
    }

    private int inflate(byte[] out, int from, int length) throws IOException {
        while (true) {
            try {
                int n = inflater.inflate(out, from, length);
                if (n > 0 || inflater.finished()) {
                    return n;
                }
                if (inflater.needsDictionary()) {
                    throw new IOException("gzip member at compressed byte offset " + memberStart
                            + " needs a preset dictionary");
                }
            } catch (DataFormatException e) {
                throw new IOException("corrupt deflate data in the gzip member at compressed byte offset "
                        + memberStart + ": " + e.getMessage(), e);
            }
            if (bufferStart == bufferEnd && !fill()) {
                throw new EOFException("gzip member cut short");
            }
            inflater.setInput(buffer, bufferStart, bufferEnd - bufferStart);
            bufferStart = bufferEnd;
        }
    }

    /** Reads the next member's header; false at the clean end of the file. */
    private boolean startMember() throws IOException {
        long at = position();
        int id1 = nextByte();
        if (id1 < 0) {
            return false;
        }
        int id2 = nextByte();
        if (id1 != 0x1f || id2 != 0x8b) {
            throw new IOException("unexpected data after the gzip data at compressed byte offset " + at);
        }
        memberStart = at;
        if (requireByte() != 8) {
            throw new IOException("gzip member at compressed byte offset " + at
                    + " uses a compression method other than deflate");
        }
        int flags = requireByte();
        if ((flags & RESERVED_FLAGS) != 0) {
            throw new IOException("gzip member at compressed byte offset " + at + " sets reserved flags");
        }
        skip(6); // modification time, extra flags, operating system
        if ((flags & FEXTRA) != 0) {
            skip(requireByte() | requireByte() << 8);
        }
        if ((flags & FNAME) != 0) {
            while (requireByte() != 0) {
                // the original file name, not needed
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (requireByte() != 0) {
                // the comment, not needed
            }
        }
        if ((flags & FHCRC) != 0) {
            skip(2);
        }
        inflater.reset();
        crc.reset();
        inMember = true;
        return true;
    }

    private void endMember() throws IOException {
        // What the inflater was given beyond the deflate data belongs to the trailer or what follows.
        bufferStart -= inflater.getRemaining();
        long storedCrc;
        long storedSize;
        try {
            storedCrc = requireInt();
            storedSize = requireInt();
        } catch (EOFException e) {
            // Not a truncation of the data (all of it arrived) but of its check: still refused.
            throw new IOException("gzip member at compressed byte offset " + memberStart
                    + " ends inside its 8-byte trailer (CRC-32 and length)", e);
        }
        if (storedCrc != crc.getValue()) {
            throw new IOException("CRC-32 mismatch in the gzip member at compressed byte offset "
                    + memberStart + ": stored " + Long.toHexString(storedCrc) + ", data "
                    + Long.toHexString(crc.getValue()));
        }
        if (storedSize != (inflater.getBytesWritten() & 0xffffffffL)) {
            throw new IOException("length mismatch in the gzip member at compressed byte offset "
                    + memberStart + ": stored " + storedSize + ", data " + inflater.getBytesWritten());
        }
        inMember = false;
    }

    private long position() {
        return bufferOffset + bufferStart;
    }

    private boolean fill() throws IOException {
        bufferOffset += bufferEnd;
        bufferStart = 0;
        bufferEnd = 0;
        int n = raw.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        bufferEnd = n;
        return true;
    }

    private int nextByte() throws IOException {
        if (bufferStart == bufferEnd && !fill()) {
            return -1;
        }
        return buffer[bufferStart++] & 0xff;
    }

    private int requireByte() throws IOException {
        int b = nextByte();
        if (b < 0) {
            throw new EOFException("gzip member cut short");
        }
        return b;
    }

    private long requireInt() throws IOException {
        return requireByte() | requireByte() << 8 | requireByte() << 16 | (long) requireByte() << 24;
    }

    private void skip(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            requireByte();
        }
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        raw.close();
    }
}
