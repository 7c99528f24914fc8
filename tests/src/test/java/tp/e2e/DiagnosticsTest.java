package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad programs beside the diagnostics they must produce ({@code X.err}): message, file:line:col,
 * the source line and caret. A first line {@code // args: …} gives extra flags to {@code tp run}.
 * None may print a stack trace; each exits with status 2.
 */
class DiagnosticsTest {
    static final Path DIR = Path.of("src/test/resources/diagnostics");

    @TestFactory
    Stream<DynamicTest> diagnostics() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".tp")).sorted().collect(Collectors.toList());
        }
        assertTrue(files.size() >= 25, "the diagnostics suite should hold at least 25 programs, has " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path tp) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", tp.toString(), "--width", "16"));
        // read leniently: one of the programs is not UTF-8 on purpose
        String first = new String(Files.readAllBytes(tp), java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElse("");
        if (first.startsWith("// args:")) args.addAll(List.of(first.substring(8).trim().split("\\s+")));
        Cli.Result r = Cli.run(args.toArray(new String[0]));
        assertEquals(2, r.code(), "exit status; stderr was:\n" + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "stack trace:\n" + r.err());
        assertTrue(java.util.regex.Pattern.compile("\\.tp:(\\d+:\\d+:)? error: ").matcher(r.err()).find(),
                "diagnostic without file:line:col:\n" + r.err());
        Path golden = Path.of(tp.toString().replaceAll("\\.tp$", ".err"));
        if (Cli.regenerate() || !Files.exists(golden)) {
            Files.writeString(golden, r.err());
            if (!Cli.regenerate()) throw new AssertionError("no golden file; wrote " + golden + ": check it and commit it");
        }
        assertEquals(Files.readString(golden), r.err());
    }
}
