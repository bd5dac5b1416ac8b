package io.ferry.recordfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A disk for tests, opened through a log's {@link AppendFile.Opener}: the real files underneath, but
 * it can refuse new files (a directory turned read-only), fail writes and forces (a full disk), or
 * hold forces until released (a slow disk), on demand. A failing write leaves half its bytes in
 * the file, as a disk that fills up midway does. Tests run as root, where {@code chmod} does
 * not stop a write, so this stands in for a disk that refuses.
 *
 * <pre>{@code
 * FaultyDisk disk = new FaultyDisk();
 * DurableGroupStore store = DurableGroupStore.open(dir, options, disk);
 * disk.failWrites("No space left on device");
 * ...
 * disk.heal();
 * }</pre>
 *
 * Thread-safe.
 */
public final class FaultyDisk implements AppendFile.Opener {
    private volatile String refuseOpens;
    private volatile String failWrites;
    /** How long a file may grow before the disk is full, or -1 for no limit. */
    private volatile long room = -1;
    private volatile CountDownLatch forceGate = new CountDownLatch(0);
    private volatile CountDownLatch forceEntered = new CountDownLatch(1);
    /** The name of the only file whose forces are held, or null for every file. */
    private volatile String heldFile;

    /** Opening a file fails, as in a read-only directory, with {@code reason}. */
    public void refuseOpens(String reason) {
        refuseOpens = reason;
    }

    /** Writes, forces and truncations fail with {@code reason}, as on a full or failing disk. */
    public void failWrites(String reason) {
        failWrites = reason;
    }

    /**
     * The disk is full once a file is {@code bytes} long: a write past that writes what fits and fails
     * with "No space left on device"; shorter writes go on.
     */
    public void roomFor(long bytes) {
        room = bytes;
    }

    /** Everything works again, and held forces go on. */
    public void heal() {
        refuseOpens = null;
        failWrites = null;
        room = -1;
        releaseForces();
    }

    /** From now on a force waits, inside the force, until {@link #releaseForces()}. */
    public void holdForces() {
        holdForcesOf(null);
    }

    /** As {@link #holdForces()}, for the files named {@code fileName} alone (all files when null). */
    public void holdForcesOf(String fileName) {
        heldFile = fileName;
        forceEntered = new CountDownLatch(1);
        forceGate = new CountDownLatch(1);
    }

    /** Waits until a force is being held; false after 10 s. */
    public boolean awaitHeldForce() throws InterruptedException {
        return forceEntered.await(10, TimeUnit.SECONDS);
    }

    public void releaseForces() {
        forceGate.countDown();
    }

    @Override
    public FileChannel open(Path path) throws IOException {
        String refused = refuseOpens;
        if (refused != null) {
            throw new FileSystemException(path.toString(), null, refused);
        }
        return new Channel(AppendFile.Opener.FILES.open(path), path.getFileName().toString());
    }

    private void checkWrite() throws IOException {
        String failed = failWrites;
        if (failed != null) {
            throw new IOException(failed);
        }
    }

    /** The real channel, with the faults in front of its writes. */
    private final class Channel extends FileChannel {
        private final FileChannel real;
        private final String name;

        Channel(FileChannel real, String name) {
            this.real = real;
            this.name = name;
        }

        /** A failing write leaves half of what it was given, as a disk that fills up midway does. */
        @Override
        public int write(ByteBuffer src) throws IOException {
            if (failWrites != null) {
                ByteBuffer half = src.duplicate();
                half.limit(src.position() + src.remaining() / 2);
                real.write(half);
            }
            checkWrite();
            return real.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            checkWrite();
            return real.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            long limit = room;
            if (limit >= 0 && position + src.remaining() > limit) {
                ByteBuffer fits = src.duplicate();
                fits.limit(src.position() + (int) Math.max(0, limit - position));
                real.write(fits, position);
                throw new IOException("No space left on device");
            }
            if (failWrites != null) {
                ByteBuffer half = src.duplicate();
                half.limit(src.position() + src.remaining() / 2);
                real.write(half, position);
            }
            checkWrite();
            return real.write(src, position);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            checkWrite();
            real.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            String held = heldFile;
            if (held == null || held.equals(name)) {
                hold();
            }
            checkWrite();
            real.force(metaData);
        }

        private void hold() throws IOException {
            forceEntered.countDown();
            try {
                forceGate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted in a held force", e);
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            checkWrite();
            return real.transferFrom(src, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
