package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The REPL on a real terminal: `tp repl` under a pseudo-terminal (util-linux `script`), typed
 * into with a Tab inside parentheses. Completion must complete the word at the cursor and keep
 * the parenthesis.
 */
class TerminalReplTest {
    @Test
    void tabCompletesInsideParenthesesOnATerminal() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "no util-linux script(1) to give the REPL a terminal");
        String jar = Cli.ROOT.resolve("interpreter/target/tp.jar").toString();
        Process p = new ProcessBuilder("/usr/bin/script", "-qec", "java -jar " + jar + " repl", "/dev/null")
                .redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("vector xval ~ N(0, 2)\nmean(xv\t * xval)\n:quit\n".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the REPL did not end");
        String screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;?]*[a-zA-Z]", "");
        assertTrue(screen.contains("mean(xval * xval) → 2.0"), screen);
    }
}
