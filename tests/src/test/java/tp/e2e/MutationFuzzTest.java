package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tp.grammar.TensorProgramLexer;

/**
 * Mutation fuzzing: every program of programs/ and stdlib/, damaged at random (tokens and
 * characters deleted, duplicated, swapped; tokens of the grammar inserted; numbers made 0, -1,
 * 1e308, infinite or huge loop bounds), run with {@code tp run --width 8} and {@code tp limit}.
 * Whatever the damage: no stack trace, no internal error, exit status 0, 1 or 2, every error at a
 * place in the program (file:line:col) unless it is a {@code tp:} message, and an answer within
 * the time limit. Seeded: the same mutants every run.
 */
class MutationFuzzTest {
    /** The seed, and mutants per program: {@code -Dtp.fuzz.seed=… -Dtp.fuzz.mutants=…} fuzz further. */
    static final long SEED = Long.getLong("tp.fuzz.seed", 0x7E57_F022L);
    static final int MUTANTS = Integer.getInteger("tp.fuzz.mutants", 10);
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static final Pattern POSITIONED = Pattern.compile("^\\S+:\\d+:\\d+: error: .*");
    /** Replacements for a number: degenerate values, overflow, and loop bounds beyond every budget. */
    static final String[] NUMBERS = {"0", "-1", "1e308", "1e400", "0.0/0", "1e-320", "1000000", "2147483647", "-2147483648",
            "999999999", "1e9", "100000", "3.5", "7"};

    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> mutants() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (String folder : new String[] {"programs", "stdlib"}) {
            try (Stream<Path> s = Files.list(Cli.ROOT.resolve(folder))) {
                sources.addAll(s.filter(p -> p.toString().endsWith(".tp")).sorted().collect(Collectors.toList()));
            }
        }
        assertTrue(sources.size() >= 10, "sources to mutate: " + sources);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path source : sources) {
            String text = Files.readString(source);
            String base = source.getFileName().toString().replace(".tp", "");
            Random random = new Random(SEED ^ base.hashCode());
            for (int m = 0; m < MUTANTS; m++) {
                byte[] mutant = mutate(text, random);
                String name = base + "_" + m + ".tp";
                tests.add(DynamicTest.dynamicTest(name, () -> check(name, mutant)));
            }
        }
        return tests.stream();
    }

    private static void check(String name, byte[] mutant) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, mutant);
        String shown = new String(mutant, StandardCharsets.UTF_8);
        for (String[] args : new String[][] {
                {"run", file.toString(), "--width", "8"},
                {"limit", file.toString(), "--particles", "64", "--replicates", "2", "--tol", "1e-6", "--threads", "1"}}) {
            Cli.Result r = assertTimeoutPreemptively(TIMEOUT, () -> Cli.run(args),
                    () -> "no answer within " + TIMEOUT + ": tp " + String.join(" ", args) + "\n--- program:\n" + shown);
            String all = r.out() + r.err();
            String context = "tp " + String.join(" ", args) + " exited " + r.code() + "\n--- stderr:\n" + r.err()
                    + "\n--- program:\n" + shown;
            if (r.code() < 0 || r.code() > 2) fail("exit status " + r.code() + ": " + context);
            if (all.contains("internal error") || all.contains("Exception") || all.contains("\tat ")
                    || all.contains("Error:") || all.contains("nested too deeply to be processed")) {
                fail("internal failure: " + context);
            }
            for (String line : r.err().split("\n")) {
                if (line.contains("error:") && !line.startsWith("tp: ") && !POSITIONED.matcher(line).matches()) {
                    fail("an error without file:line:col: `" + line + "`\n" + context);
                }
            }
            if (r.code() == 2 && r.err().isBlank()) fail("exit status 2 without a message: " + context);
        }
    }

    /** One to three mutations of the text, as UTF-8 (once in a while with a byte that is not UTF-8). */
    static byte[] mutate(String text, Random random) {
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) text = mutateOnce(text, random);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(25) == 0 && bytes.length > 0) {
            int at = random.nextInt(bytes.length);
            byte[] out = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, out, 0, at);
            out[at] = (byte) (0x80 + random.nextInt(0x80));
            System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
            return out;
        }
        return bytes;
    }

    private static String mutateOnce(String text, Random random) {
        List<Token> tokens = tokens(text);
        if (tokens.isEmpty()) return text + " " + grammarToken(random);
        Token t = tokens.get(random.nextInt(tokens.size()));
        int a = t.getStartIndex();
        int b = t.getStopIndex() + 1;
        switch (random.nextInt(10)) {
            case 0: // delete a token
                return text.substring(0, a) + text.substring(b);
            case 1: // duplicate a token
                return text.substring(0, b) + " " + t.getText() + text.substring(b);
            case 2: { // swap a token with the next
                int k = tokens.indexOf(t);
                if (k + 1 >= tokens.size()) return text.substring(0, a) + text.substring(b);
                Token u = tokens.get(k + 1);
                return text.substring(0, a) + u.getText() + text.substring(b, u.getStartIndex()) + t.getText()
                        + text.substring(u.getStopIndex() + 1);
            }
            case 3: { // delete a character
                int at = random.nextInt(text.length());
                return text.substring(0, at) + text.substring(at + 1);
            }
            case 4: { // duplicate a character
                int at = random.nextInt(text.length());
                return text.substring(0, at + 1) + text.substring(at);
            }
            case 5: case 6: // insert a token of the grammar
                return text.substring(0, a) + grammarToken(random) + " " + text.substring(a);
            case 7: case 8: { // change a number
                List<Token> numbers = new ArrayList<>();
                for (Token x : tokens) if (x.getType() == TensorProgramLexer.NUMBER) numbers.add(x);
                if (numbers.isEmpty()) return text.substring(0, a) + "1e308 " + text.substring(a);
                Token n = numbers.get(random.nextInt(numbers.size()));
                return text.substring(0, n.getStartIndex()) + NUMBERS[random.nextInt(NUMBERS.length)]
                        + text.substring(n.getStopIndex() + 1);
            }
            default: { // replace a name by another name of the program
                List<Token> ids = new ArrayList<>();
                for (Token x : tokens) if (x.getType() == TensorProgramLexer.ID) ids.add(x);
                if (ids.size() < 2) return text.substring(0, a) + text.substring(b);
                Token x = ids.get(random.nextInt(ids.size()));
                Token y = ids.get(random.nextInt(ids.size()));
                return text.substring(0, x.getStartIndex()) + y.getText() + text.substring(x.getStopIndex() + 1);
            }
        }
    }

    /** A keyword or punctuation of the grammar, a number, a name or a string. */
    private static String grammarToken(Random random) {
        Vocabulary v = TensorProgramLexer.VOCABULARY;
        List<String> literals = new ArrayList<>();
        for (int i = 1; i <= v.getMaxTokenType(); i++) {
            String l = v.getLiteralName(i);
            if (l != null) literals.add(l.substring(1, l.length() - 1));
        }
        literals.addAll(List.of(".T", "1", "2.5", "n", "x", "W", "mean", "tanh", "relu", "outer", "gram", "\"mlp\"", "\"x.tp\"", "//",
                "/*", "*/", "\""));
        return literals.get(random.nextInt(literals.size()));
    }

    /** The tokens of the text, with character offsets into it (comments and spaces skipped). */
    private static List<Token> tokens(String text) {
        TensorProgramLexer lexer = new TensorProgramLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<Token> out = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            // offsets are code points; keep the texts whose offsets are also chars (all of the .tp sources are)
            out.add(t);
        }
        return out;
    }
}
