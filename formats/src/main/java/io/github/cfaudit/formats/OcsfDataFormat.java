package io.github.cfaudit.formats;

/** {@link OcsfFormat} as a Camel data format: {@code .marshal(new OcsfDataFormat(OcsfVersion.V1_1_0, false))}. */
public final class OcsfDataFormat extends RecordDataFormat {
    private volatile OcsfFormat format;

    /** OCSF 1.8.0 without {@code raw_data}. */
    public OcsfDataFormat() {
        this(OcsfVersion.DEFAULT, false);
    }

    public OcsfDataFormat(OcsfVersion version, boolean rawData) {
        this.format = new OcsfFormat(version, rawData);
    }

    @Override
    protected OcsfFormat format() {
        return format;
    }

    /** {@code 1.8.0} or {@code 1.1.0} (for bean-style configuration). */
    public void setVersion(String version) {
        format = new OcsfFormat(OcsfVersion.of(version), format.rawData());
    }

    public String getVersion() {
        return format.version().id();
    }

    public void setRawData(boolean rawData) {
        format = new OcsfFormat(format.version(), rawData);
    }

    public boolean isRawData() {
        return format.rawData();
    }
}
