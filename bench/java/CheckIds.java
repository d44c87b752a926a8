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
 */
public final class CheckIds {
    private static final JsonFactory JSON = new JsonFactory();

    public static void main(String[] args) throws IOException {
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
                    String id = topLevelId(line);
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

    private static String topLevelId(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("id".equals(name) && v == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
