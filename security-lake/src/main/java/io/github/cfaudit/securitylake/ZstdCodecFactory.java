package io.github.cfaudit.securitylake;

import io.airlift.compress.zstd.ZstdCompressor;
import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD page compression through aircompressor (pure Java): parquet-java's own factory instantiates Hadoop codec
 * classes, which the application does not ship, and its native ZSTD (zstd-jni) would add a platform library. Writing
 * only: the sink never reads a Parquet object back.
 */
final class ZstdCodecFactory implements CompressionCodecFactory {
    static final ZstdCodecFactory INSTANCE = new ZstdCodecFactory();

    private static final BytesInputCompressor ZSTD = new BytesInputCompressor() {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            byte[] in = bytes.toByteArray();
            ZstdCompressor compressor = new ZstdCompressor();
            byte[] out = new byte[compressor.maxCompressedLength(in.length)];
            int n = compressor.compress(in, 0, in.length, out, 0, out.length);
            return BytesInput.from(out, 0, n);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.ZSTD;
        }

        @Override
        public void release() {}
    };

    private ZstdCodecFactory() {}

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.ZSTD) {
            throw new IllegalArgumentException("only ZSTD is written, not " + codec);
        }
        return ZSTD;
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the Security Lake encoder writes Parquet, it does not read it");
    }

    @Override
    public void release() {}
}
