package io.github.cfaudit.formats;

import java.util.Locale;
import java.util.Map;

/**
 * The CRUD class of an audit-log v1 {@code action.type}, a free string ({@code login}, {@code rec_add},
 * {@code set_security_level}, {@code token_create}, ...). The type is split into words at every character that is
 * not a letter or digit, compared case-insensitively; the first word found in the table below decides:
 *
 * <ul>
 *   <li>1 Create: add, create, new, insert;
 *   <li>2 Read: view, get, read, list, show, export, download;
 *   <li>3 Update: update, change, set, edit, modify, rotate, rename, patch, reset, replace, move, toggle, enable,
 *       disable;
 *   <li>4 Delete: delete, remove, del, rem, revoke, purge, destroy.
 * </ul>
 *
 * No word in the table (e.g. {@code login}, {@code logout}, {@code purchase}): 99 (Other). The ids are those of
 * OCSF API Activity; ECS {@code event.type} and the severity rule follow them.
 */
final class V1Action {
    static final int UNKNOWN = 0;
    static final int CREATE = 1;
    static final int READ = 2;
    static final int UPDATE = 3;
    static final int DELETE = 4;
    static final int OTHER = 99;

    private static final Map<String, Integer> WORDS = Map.ofEntries(
            Map.entry("add", CREATE),
            Map.entry("create", CREATE),
            Map.entry("new", CREATE),
            Map.entry("insert", CREATE),
            Map.entry("view", READ),
            Map.entry("get", READ),
            Map.entry("read", READ),
            Map.entry("list", READ),
            Map.entry("show", READ),
            Map.entry("export", READ),
            Map.entry("download", READ),
            Map.entry("update", UPDATE),
            Map.entry("change", UPDATE),
            Map.entry("set", UPDATE),
            Map.entry("edit", UPDATE),
            Map.entry("modify", UPDATE),
            Map.entry("rotate", UPDATE),
            Map.entry("rename", UPDATE),
            Map.entry("patch", UPDATE),
            Map.entry("reset", UPDATE),
            Map.entry("replace", UPDATE),
            Map.entry("move", UPDATE),
            Map.entry("toggle", UPDATE),
            Map.entry("enable", UPDATE),
            Map.entry("disable", UPDATE),
            Map.entry("delete", DELETE),
            Map.entry("remove", DELETE),
            Map.entry("del", DELETE),
            Map.entry("rem", DELETE),
            Map.entry("revoke", DELETE),
            Map.entry("purge", DELETE),
            Map.entry("destroy", DELETE));

    private V1Action() {}

    /** 1-4 as above, 99 for a type with none of the words, 0 for null. */
    static int activity(String actionType) {
        if (actionType == null) {
            return UNKNOWN;
        }
        for (String word : actionType.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            Integer a = WORDS.get(word);
            if (a != null) {
                return a;
            }
        }
        return OTHER;
    }

    /** The v2 {@code action.type} word of the class (create, view, update, delete), or null for 0 and 99. */
    static String crudWord(int activity) {
        return switch (activity) {
            case CREATE -> "create";
            case READ -> "view";
            case UPDATE -> "update";
            case DELETE -> "delete";
            default -> null;
        };
    }

    /** Whether the source type is an audit-log v1 one. */
    static boolean isV1(io.github.cfaudit.cloudflare.SourceType type) {
        return type.family() == io.github.cfaudit.cloudflare.EndpointFamily.AUDIT_LOGS_V1;
    }

    /**
     * The account an audit-log v1 entry belongs to: {@code owner.id} of an {@code account-v1} entry, unless it is
     * the actor's own id (a user-level entry of that log, owned by the user); null otherwise ({@code user-v1}
     * entries are owned by the user).
     */
    static String accountOwner(EntryTree t, io.github.cfaudit.cloudflare.SourceType type) {
        if (type != io.github.cfaudit.cloudflare.SourceType.ACCOUNT_V1) {
            return null;
        }
        String owner = t.peekText("owner", "id");
        if (owner == null || owner.isEmpty() || owner.equals(t.peekText("actor", "id"))) {
            return null;
        }
        return t.text("owner", "id");
    }
}
