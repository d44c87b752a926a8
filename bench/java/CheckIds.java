import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks that an output holds every expected id exactly once and nothing else.
 *
 * <p>{@code java -cp bench/target/classes:target/lib/* CheckIds IDS_FILE SCOPE RESULT PATH...}: IDS_FILE has lines
 * {@code <org|account> <id> <success|failure> <actor type>} (written by SimulatorMain); SCOPE is {@code org},
 * {@code account} or {@code all}; RESULT is {@code failure}, {@code any}, or {@code actor:TYPE} (e.g. {@code actor:user}). Every PATH is an NDJSON file or a directory searched for
 * {@code *.ndjson}. Prints {@code OK lines=.. bytes=..} and exits 0, or {@code FAIL ...} and exits 1.
 *
 * <p>{@code --codec=NAME} (anywhere among the arguments) says how a line carries its id (the sink's {@code codec}):
 * {@code cloudflare} (default) the top-level {@code id}; {@code ocsf} {@code metadata.uid}; {@code ecs}
 * {@code event.id}; {@code cef} and {@code leef} the {@code externalId} key of the extension / attributes, read by
 * a parser written here from the CEF and LEEF 2.0 specifications (not the sink's own reader). A line that is not a
 * well-formed record of the codec counts as broken.
 */
public final class CheckIds {
    private static final JsonFactory JSON = new JsonFactory();

    public static void main(String[] args) throws IOException {
        String codec = "cloudflare";
        List<String> positional = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--codec=")) {
                codec = a.substring("--codec=".length());
            } else {
                positional.add(a);
            }
        }
        args = positional.toArray(new String[0]);
        IdReader reader = switch (codec) {
            case "cloudflare" -> line -> jsonId(line, null, "id");
            case "ocsf" -> line -> jsonId(line, "metadata", "uid");
            case "ecs" -> line -> jsonId(line, "event", "id");
            case "cef" -> CheckIds::cefExternalId;
            case "leef" -> CheckIds::leefExternalId;
            default ->
                throw new IllegalArgumentException("unknown codec " + codec + ": cloudflare, ocsf, ecs, cef, leef");
        };
        String scope = args[1];
        String result = args[2];
        Set<String> expected = new HashSet<>(2_000_000);
        try (BufferedReader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(" ");
                boolean wanted = result.startsWith("actor:")
                        ? f.length > 3 && result.substring(6).equals(f[3])
                        : result.equals("any") || result.equals(f[2]);
                if ((scope.equals("all") || scope.equals(f[0])) && wanted) {
                    expected.add(f[1]);
                }
            }
        }
        List<Path> files = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            Path p = Path.of(args[i]);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> f.toString().endsWith(".ndjson")).sorted().forEach(files::add);
                }
            } else if (Files.exists(p)) {
                files.add(p);
            }
        }
        Set<String> seen = new HashSet<>(expected.size() * 2);
        long lines = 0;
        long bytes = 0;
        long duplicates = 0;
        long unexpected = 0;
        long broken = 0;
        String firstProblem = null;
        for (Path file : files) {
            bytes += Files.size(file);
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines++;
                    String id = reader.id(line);
                    if (id == null) {
                        broken++;
                        firstProblem = firstProblem != null ? firstProblem : "line without id in " + file;
                    } else if (!seen.add(id)) {
                        duplicates++;
                        firstProblem = firstProblem != null ? firstProblem : "duplicate " + id + " in " + file;
                    } else if (!expected.contains(id)) {
                        unexpected++;
                        firstProblem = firstProblem != null ? firstProblem : "unexpected " + id + " in " + file;
                    }
                }
            }
        }
        long missing = expected.stream().filter(id -> !seen.contains(id)).count();
        boolean ok = files.size() > 0 && duplicates == 0 && unexpected == 0 && missing == 0 && broken == 0;
        System.out.println((ok ? "OK" : "FAIL") + " expected=" + expected.size() + " lines=" + lines + " bytes=" + bytes
                + " files=" + files.size() + " duplicates=" + duplicates + " missing=" + missing + " unexpected="
                + unexpected + " broken=" + broken + (firstProblem == null ? "" : " first: " + firstProblem));
        System.exit(ok ? 0 : 1);
    }

    /** The id a line carries, or null when the line is not a well-formed record of the codec. */
    @FunctionalInterface
    private interface IdReader {
        String id(String line);
    }

    /** The string {@code field} of the top-level object, or of its top-level object {@code parent}. */
    private static String jsonId(String line, String parent, String field) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            if (parent != null && !enter(p, parent)) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals(name)) {
                    return v == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Moves the parser into the object value of the top-level field {@code name}; false when there is none. */
    private static boolean enter(JsonParser p, String name) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals(n)) {
                return v == JsonToken.START_OBJECT;
            }
            p.skipChildren();
        }
        return false;
    }

    /**
     * CEF: {@code CEF:Version|Vendor|Product|Version|Signature ID|Name|Severity|Extension}; in the header {@code \\}
     * and {@code \|} are escapes; the extension is {@code key=value} pairs separated by spaces, where a value may
     * hold spaces and ends before the next unescaped {@code key=}, and {@code \\ \= \n \r} are its escapes. The
     * unescaped value of {@code externalId}, or null (also for a malformed line).
     */
    private static String cefExternalId(String line) {
        if (!line.startsWith("CEF:")) {
            return null;
        }
        int i = 0;
        int pipes = 0;
        for (; i < line.length() && pipes < 7; i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '|') {
                pipes++;
            }
        }
        if (pipes < 7) {
            return null;
        }
        String ext = line.substring(i);
        // the positions of the unescaped '=' that end a key: the key is the run of key characters before them
        List<int[]> keys = new ArrayList<>();
        for (int j = 0; j < ext.length(); j++) {
            char c = ext.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '=') {
                int k = j;
                while (k > 0 && isKeyChar(ext.charAt(k - 1))) {
                    k--;
                }
                if (k == j || (k > 0 && ext.charAt(k - 1) != ' ')) {
                    return null; // an unescaped '=' inside a value: not valid CEF
                }
                keys.add(new int[] {k, j});
            }
        }
        if (keys.isEmpty() || keys.get(0)[0] != 0) {
            return null;
        }
        String found = null;
        for (int n = 0; n < keys.size(); n++) {
            int[] k = keys.get(n);
            int end = n + 1 < keys.size() ? keys.get(n + 1)[0] - 1 : ext.length();
            if (ext.substring(k[0], k[1]).equals("externalId")) {
                if (found != null) {
                    return null; // twice: ambiguous
                }
                found = cefUnescape(ext.substring(k[1] + 1, end));
            }
        }
        return found;
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static String cefUnescape(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char e = v.charAt(++i);
                sb.append(e == 'n' ? '\n' : e == 'r' ? '\r' : e);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * LEEF 2.0: {@code LEEF:2.0|Vendor|Product|Version|EventID|Delimiter|attributes}; the delimiter is one character
     * or its hex code ({@code x09}, {@code 0x09}); attributes are {@code key=value} separated by it, with no escape
     * (the key ends at the first {@code =}). The value of {@code externalId}, or null.
     */
    private static String leefExternalId(String line) {
        if (!line.startsWith("LEEF:2.0|")) {
            return null;
        }
        String[] head = line.split("\\|", 7);
        if (head.length < 7) {
            return null;
        }
        String d = head[5];
        char delimiter;
        if (d.length() == 1) {
            delimiter = d.charAt(0);
        } else if (d.matches("(0x|x)[0-9A-Fa-f]{1,4}")) {
            delimiter = (char) Integer.parseInt(d.substring(d.indexOf('x') + 1), 16);
        } else {
            return null;
        }
        String found = null;
        for (String attr : head[6].split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1)) {
            int eq = attr.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            if (attr.substring(0, eq).equals("externalId")) {
                if (found != null) {
                    return null;
                }
                found = attr.substring(eq + 1);
            }
        }
        return found;
    }
}
