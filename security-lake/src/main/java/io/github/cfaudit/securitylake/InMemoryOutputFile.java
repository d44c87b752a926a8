package io.github.cfaudit.securitylake;

import java.io.ByteArrayOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} that is a byte array: the object is built in memory, as the S3 sink builds its NDJSON
 * objects, and uploaded in one PutObject. No Hadoop {@code FileSystem} is involved.
 */
final class InMemoryOutputFile implements OutputFile {
    private final ByteArrayOutputStream bytes;

    InMemoryOutputFile(int sizeHint) {
        this.bytes = new ByteArrayOutputStream(Math.max(4096, sizeHint));
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return createOrOverwrite(blockSizeHint);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        bytes.reset();
        return new PositionOutputStream() {
            @Override
            public long getPos() {
                return bytes.size();
            }

            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }
        };
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return "memory";
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
