package io.github.cfaudit.securitylake;

import io.github.cfaudit.formats.OcsfFormat;
import io.github.cfaudit.formats.OcsfVersion;
import java.util.Set;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet schema of the OCSF records {@link OcsfFormat} writes, one per class and version: every attribute the
 * mapping can set, as nested groups for OCSF objects and LIST groups for arrays, {@code time} as a UTC
 * {@code TIMESTAMP(MILLIS)}, ids as {@code INT32} ({@code type_uid} {@code INT64}), strings as UTF-8
 * {@code BINARY (STRING)}. The free-form parts ({@code unmapped}, an insight's {@code entity.data} and
 * {@code entity_result.data}, whose shape Cloudflare does not fix) are one JSON text column each
 * ({@link #JSON_COLUMNS}), so the table's columns never change with the content. The attributes OCSF requires are
 * {@code required}; every other column is {@code optional} and left null when the record has no such attribute.
 */
final class OcsfParquetSchema {
    /** The columns holding a JSON document as text (dotted paths). */
    static final Set<String> JSON_COLUMNS = Set.of("unmapped", "entity.data", "entity_result.data");

    private static final String CLASSIFICATION = """
              required int32 activity_id;
              optional binary activity_name (STRING);
              required int32 category_uid;
              optional binary category_name (STRING);
              required int32 class_uid;
              optional binary class_name (STRING);
              required int64 type_uid;
              optional binary type_name (STRING);
              required int32 severity_id;
              optional binary severity (STRING);
              required int64 time (TIMESTAMP(MILLIS,true));
              optional binary message (STRING);
            """;

    private static final String USER = """
              optional group actor {
                optional group user {
                  optional binary uid (STRING);
                  optional binary name (STRING);
                  optional binary email_addr (STRING);
                  optional int32 type_id;
                  optional binary type (STRING);
                }
              }
            """;

    private static final String TAIL = """
              required group metadata {
                required binary version (STRING);
                required group product {
                  optional binary vendor_name (STRING);
                  optional binary name (STRING);
                }
                optional binary uid (STRING);
                optional binary log_name (STRING);
                optional binary original_time (STRING);
                optional group profiles (LIST) {
                  repeated group list {
                    optional binary element (STRING);
                  }
                }
              }
              optional binary raw_data (STRING);
              optional binary unmapped (STRING);
            """;

    private OcsfParquetSchema() {}

    /** The schema of class {@code classUid} (6003 API Activity or 3004 Entity Management) in {@code version}. */
    static MessageType of(int classUid, OcsfVersion version) {
        return switch (classUid) {
            case OcsfFormat.API_ACTIVITY -> MessageTypeParser.parseMessageType(apiActivity(version));
            case OcsfFormat.ENTITY_MANAGEMENT -> MessageTypeParser.parseMessageType(entityManagement());
            default -> throw new IllegalArgumentException("no Parquet schema for OCSF class " + classUid);
        };
    }

    private static String apiActivity(OcsfVersion version) {
        boolean httpResponse = version != OcsfVersion.V1_1_0;
        return "message api_activity {\n" + CLASSIFICATION + """
                  optional int32 status_id;
                  optional binary status (STRING);
                  optional binary status_code (STRING);
                """ + USER + """
                  required group src_endpoint {
                    optional binary ip (STRING);
                    optional binary name (STRING);
                  }
                  required group api {
                    required binary operation (STRING);
                    optional group service {
                      optional binary name (STRING);
                    }
                    optional group request {
                      optional binary uid (STRING);
                    }
                  }
                  optional group http_request {
                    optional binary http_method (STRING);
                    optional group url {
                      optional binary path (STRING);
                      optional binary query_string (STRING);
                    }
                    optional binary user_agent (STRING);
                  }
                """ + (httpResponse ? """
                  optional group http_response {
                    optional int32 code;
                  }
                """ : "") + """
                  optional group resources (LIST) {
                    repeated group list {
                      optional group element {
                        optional binary uid (STRING);
                        optional binary name (STRING);
                        optional binary type (STRING);
                      }
                    }
                  }
                  required group cloud {
                    required binary provider (STRING);
                    optional group account {
                      optional binary uid (STRING);
                      optional binary name (STRING);
                    }
                    optional group org {
                      optional binary uid (STRING);
                    }
                  }
                """ + TAIL
                + "}\n";
    }

    private static String entityManagement() {
        String entity = """
                  {
                    optional binary uid (STRING);
                    optional binary name (STRING);
                    optional binary type (STRING);
                    optional binary data (STRING);
                  }
                """;
        return "message entity_management {\n" + CLASSIFICATION + USER + """
                  optional binary comment (STRING);
                  required group entity""" + entity + """
                  optional group entity_result""" + entity + """
                  required group cloud {
                    required binary provider (STRING);
                  }
                """ + TAIL
                + "}\n";
    }
}
