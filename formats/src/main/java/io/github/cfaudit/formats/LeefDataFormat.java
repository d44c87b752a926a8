package io.github.cfaudit.formats;

/** {@link LeefFormat} as a Camel data format: {@code .marshal(new LeefDataFormat())}. */
public final class LeefDataFormat extends RecordDataFormat {
    private final LeefFormat format = new LeefFormat();

    @Override
    protected LeefFormat format() {
        return format;
    }
}
