package io.github.cfaudit.securitylake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes an OCSF record tree (what {@link io.github.cfaudit.formats.OcsfFormat#record} builds) straight into Parquet
 * columns, walking the record and {@link OcsfParquetSchema} together: no JSON text is rendered and parsed again. The
 * record must fit the schema; {@link #fit} moves whatever does not (a defect of the schema, never seen in the tests)
 * under {@code unmapped}, so nothing is dropped.
 */
final class OcsfRecordWriteSupport extends WriteSupport<ObjectNode> {
    private final MessageType schema;
    private final Map<String, String> metadata;
    private RecordConsumer out;

    OcsfRecordWriteSupport(MessageType schema, Map<String, String> metadata) {
        this.schema = schema;
        this.metadata = metadata;
    }

    /** Hadoop's entry point; never called, since the writer is given a {@link ParquetConfiguration}. */
    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, metadata);
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(ObjectNode record) {
        out.startMessage();
        fields(schema, record, "");
        out.endMessage();
    }

    private void fields(GroupType type, JsonNode node, String path) {
        for (int i = 0; i < type.getFieldCount(); i++) {
            Type field = type.getType(i);
            JsonNode value = node.get(field.getName());
            if (value == null || value.isNull()) {
                if (field.isRepetition(Type.Repetition.REQUIRED)) {
                    throw new IllegalStateException("OCSF record without its required " + path + field.getName());
                }
                continue;
            }
            out.startField(field.getName(), i);
            value(field, value, path + field.getName());
            out.endField(field.getName(), i);
        }
    }

    private void value(Type field, JsonNode value, String path) {
        if (field.isPrimitive()) {
            primitive(field, value, path);
        } else if (field.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            // <list> (LIST) { repeated group list { <element> } }
            GroupType repeated = field.asGroupType().getType(0).asGroupType();
            Type element = repeated.getType(0);
            out.startGroup();
            if (!value.isEmpty()) {
                out.startField(repeated.getName(), 0);
                for (JsonNode item : value) {
                    out.startGroup();
                    if (!item.isNull()) {
                        out.startField(element.getName(), 0);
                        value(element, item, path + "[]");
                        out.endField(element.getName(), 0);
                    }
                    out.endGroup();
                }
                out.endField(repeated.getName(), 0);
            }
            out.endGroup();
        } else {
            out.startGroup();
            fields(field.asGroupType(), value, path + ".");
            out.endGroup();
        }
    }

    private void primitive(Type field, JsonNode value, String path) {
        switch (field.asPrimitiveType().getPrimitiveTypeName()) {
            case INT32 -> out.addInteger(value.intValue());
            case INT64 -> out.addLong(value.longValue());
            case BOOLEAN -> out.addBoolean(value.booleanValue());
            default -> {
                // a JSON column holds the document as JSON text; a string column the string
                String text = !OcsfParquetSchema.JSON_COLUMNS.contains(path) && value.isTextual()
                        ? value.textValue()
                        : value.toString();
                out.addBinary(Binary.fromString(text));
            }
        }
    }

    /**
     * {@code record}, with every attribute the schema has no column for (or of a type its column cannot hold) moved
     * under {@code unmapped} by its dotted path; the same instance when everything fits.
     */
    static ObjectNode fit(MessageType schema, ObjectNode record) {
        ObjectNode misfits = JsonNodeFactory.instance.objectNode();
        ObjectNode copy = record.deepCopy();
        collect(schema, copy, "", misfits);
        if (misfits.isEmpty()) {
            return record;
        }
        ObjectNode unmapped = copy.get("unmapped") instanceof ObjectNode u ? u : copy.putObject("unmapped");
        unmapped.setAll(misfits);
        return copy;
    }

    private static void collect(GroupType type, ObjectNode node, String path, ObjectNode misfits) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode value = e.getValue();
            String p = path + name;
            if (!type.containsField(name)) {
                misfits.set(p, value);
                it.remove();
                continue;
            }
            Type field = type.getType(name);
            if (value.isNull() || OcsfParquetSchema.JSON_COLUMNS.contains(p)) {
                continue;
            }
            if (!fits(field, value, p, misfits)) {
                misfits.set(p, value);
                it.remove();
            }
        }
    }

    private static boolean fits(Type field, JsonNode value, String path, ObjectNode misfits) {
        if (field.isPrimitive()) {
            return switch (field.asPrimitiveType().getPrimitiveTypeName()) {
                case INT32 -> value.canConvertToInt() && value.isIntegralNumber();
                case INT64 -> value.canConvertToLong() && value.isIntegralNumber();
                case BOOLEAN -> value.isBoolean();
                default -> value.isTextual();
            };
        }
        if (field.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            if (!value.isArray()) {
                return false;
            }
            Type element = field.asGroupType().getType(0).asGroupType().getType(0);
            for (JsonNode item : value) {
                if (element.isPrimitive() ? !fits(element, item, path, misfits) : !item.isObject()) {
                    return false;
                }
                if (!element.isPrimitive()) {
                    collect(element.asGroupType(), (ObjectNode) item, path + "[].", misfits);
                }
            }
            return true;
        }
        if (!value.isObject()) {
            return false;
        }
        collect(field.asGroupType(), (ObjectNode) value, path + ".", misfits);
        return true;
    }
}
