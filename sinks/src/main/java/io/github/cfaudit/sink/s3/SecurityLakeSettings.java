package io.github.cfaudit.sink.s3;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code codec=ocsf-parquet}: where the objects of an Amazon Security Lake custom source go,
 * {@code <prefix>ext/<source>/region=<region>/accountId=<account-id>/eventDay=<yyyyMMdd>/}.
 *
 * @param source    {@code security-lake.source}: the custom source name as registered in Security Lake
 * @param accountId {@code security-lake.account-id}: the AWS account id of the partition, 12 digits
 * @param region    the sink's {@code region}
 */
public record SecurityLakeSettings(String source, String accountId, String region) {
    /** The Security Lake API's rule for custom source names ({@code CreateCustomLogSource}, {@code sourceName}). */
    public static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_:.-]{1,64}");

    public static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    public SecurityLakeSettings {
        Objects.requireNonNull(source, "source == null");
        Objects.requireNonNull(accountId, "accountId == null");
        Objects.requireNonNull(region, "region == null");
        if (!validSource(source)) {
            throw new IllegalArgumentException("not a custom source name: " + source);
        }
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("not an account id: " + accountId);
        }
    }

    /** Whether {@code name} is a valid custom source name that is also a safe key segment (not {@code .} or {@code ..}). */
    public static boolean validSource(String name) {
        return name != null && SOURCE.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** {@code <prefix>ext/<source>/region=<region>/accountId=<account-id>/eventDay=<yyyyMMdd>/}. */
    String partitionPrefix(String prefix, LocalDate day) {
        return prefix + "ext/" + source + "/region=" + region + "/accountId=" + accountId + "/eventDay="
                + String.format(
                        Locale.ROOT, "%04d%02d%02d", Math.abs(day.getYear()), day.getMonthValue(), day.getDayOfMonth())
                + "/";
    }
}
