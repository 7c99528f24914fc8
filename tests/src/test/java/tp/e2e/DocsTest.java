package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tp.fn.Op;

/**
 * The documentation runs as shown: every {@code $ tp …} example in README.md and docs/ is run
 * from the repository's root (the built jar, as a user would) and must print exactly what the
 * page shows; and the language reference lists every built-in of the function table.
 */
class DocsTest {
    record Example(Path page, int line, String command, String expected) {}

    static List<Example> examples() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Cli.ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.list(Cli.ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<Example> out = new ArrayList<>();
        for (Path page : pages) {
            List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (!l.startsWith("$ tp ") && !l.startsWith("$ ./tp ")) continue;
                StringBuilder expected = new StringBuilder();
                int j = i + 1;
                for (; j < lines.size() && !lines.get(j).startsWith("```") && !lines.get(j).startsWith("$ "); j++) {
                    expected.append(lines.get(j)).append('\n');
                }
                out.add(new Example(page, i + 1, l.substring(l.indexOf("tp ") + 3), expected.toString()));
                i = j - 1;
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyExampleRunsAsShown() throws IOException {
        List<Example> all = examples();
        assertTrue(all.size() >= 4, "examples found: " + all.size());
        return all.stream().map(e -> DynamicTest.dynamicTest(Cli.ROOT.relativize(e.page()) + ":" + e.line(), () -> run(e)));
    }

    private static void run(Example e) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", Cli.ROOT.resolve("interpreter/target/tp.jar").toString()));
        cmd.addAll(List.of(e.command().trim().split("\\s+")));
        Process p = new ProcessBuilder(cmd).directory(Cli.ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertEquals(e.expected().stripTrailing(), output.stripTrailing(), e.page().getFileName() + ":" + e.line() + ": `tp " + e.command() + "`");
    }

    /** A REPL example: a block of {@code tp> } inputs, then the block of what {@code tp repl < inputs} prints. */
    @TestFactory
    Stream<DynamicTest> everyReplSessionRunsAsShown() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> s = Files.list(Cli.ROOT.resolve("docs"))) {
            for (Path page : s.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (!lines.get(i).startsWith("tp> ") || !lines.get(i - 1).startsWith("```")) continue;
                    StringBuilder input = new StringBuilder();
                    int j = i;
                    for (; !lines.get(j).startsWith("```"); j++) input.append(lines.get(j).substring(4)).append('\n');
                    int k = j + 1;
                    while (!lines.get(k).startsWith("```")) k++;
                    StringBuilder expected = new StringBuilder();
                    for (int m = k + 1; !lines.get(m).startsWith("```"); m++) expected.append(lines.get(m)).append('\n');
                    int line = i + 1;
                    tests.add(DynamicTest.dynamicTest(page.getFileName() + ":" + line, () -> {
                        Process p = new ProcessBuilder("java", "-jar", Cli.ROOT.resolve("interpreter/target/tp.jar").toString(), "repl")
                                .directory(Cli.ROOT.toFile()).redirectErrorStream(true).start();
                        try (var in = p.getOutputStream()) {
                            in.write(input.toString().getBytes(StandardCharsets.UTF_8));
                        }
                        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                        p.waitFor();
                        assertEquals(expected.toString().stripTrailing(), out.stripTrailing(), page.getFileName() + ":" + line);
                    }));
                    i = k;
                }
            }
        }
        assertTrue(!tests.isEmpty(), "no REPL session in docs/");
        return tests.stream();
    }

    @Test
    void theReferenceListsEveryBuiltIn() throws IOException {
        String reference = Files.readString(Cli.ROOT.resolve("docs/language.md"));
        for (String name : Op.callableNames()) {
            assertTrue(reference.contains("`" + name + "(") || reference.contains("`" + name + "`"),
                    "docs/language.md does not list the built-in `" + name + "`");
        }
        for (String special : List.of("mean", "outer", "gram", "mineig", "maxeig")) {
            assertTrue(reference.contains("`" + special + "("), special);
        }
        assertTrue(!reference.contains("shared/") && !reference.contains("LANGUAGE.md"), "the reference stands on its own");
    }
}
