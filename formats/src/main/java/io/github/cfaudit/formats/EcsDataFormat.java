package io.github.cfaudit.formats;

/** {@link EcsFormat} as a Camel data format: {@code .marshal(new EcsDataFormat())}. */
public final class EcsDataFormat extends RecordDataFormat {
    private volatile EcsFormat format;

    /** Without {@code event.original}. */
    public EcsDataFormat() {
        this(false);
    }

    public EcsDataFormat(boolean eventOriginal) {
        this.format = new EcsFormat(eventOriginal);
    }

    @Override
    protected EcsFormat format() {
        return format;
    }

    public void setEventOriginal(boolean eventOriginal) {
        format = new EcsFormat(eventOriginal);
    }

    public boolean isEventOriginal() {
        return format.original();
    }
}
