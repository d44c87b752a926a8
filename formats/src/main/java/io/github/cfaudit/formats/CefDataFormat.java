package io.github.cfaudit.formats;

/** {@link CefFormat} as a Camel data format: {@code .marshal(new CefDataFormat())}. */
public final class CefDataFormat extends RecordDataFormat {
    private final CefFormat format = new CefFormat();

    @Override
    protected CefFormat format() {
        return format;
    }
}
