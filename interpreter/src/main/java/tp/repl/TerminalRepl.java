package tp.repl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import tp.ir.Cancellation;

/**
 * The REPL on a real terminal (JLine): line editing, history kept in {@code ~/.tp_history}, tab
 * completion of commands, names, built-ins and stdlib modules, a continuation prompt inside
 * open blocks, and Ctrl-C: at the prompt it clears the line; during a computation it interrupts
 * it and returns to the prompt with the program intact.
 */
public final class TerminalRepl {
    private TerminalRepl() {}

    public static void run(Path preload) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            PrintWriter out = terminal.writer();
            Repl repl = new Repl(out, out);
            // words end at anything that is not part of a name: `mean(` + Tab completes after the `(`
            DefaultParser parser = new DefaultParser() {
                @Override
                public boolean isDelimiterChar(CharSequence buffer, int pos) {
                    char c = buffer.charAt(pos);
                    return !(Character.isLetterOrDigit(c) || c == '_' || c == '\'' || c == ':');
                }
            };
            parser.setQuoteChars(new char[0]);
            parser.setEscapeChars(new char[0]);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).parser(parser)
                    .completer((r, line, candidates) -> {
                        List<Candidate> cs = new ArrayList<>();
                        for (String w : repl.completions()) {
                            String bare = w.startsWith("\"") ? w.substring(1, w.length() - 1) : w;
                            cs.add(new Candidate(bare, bare, null, null, null, null, bare.startsWith(":")));
                        }
                        candidates.addAll(cs);
                    })
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".tp_history"))
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "...> ")
                    .variable(LineReader.DISABLE_HISTORY, true)
                    .build();
            terminal.handle(Terminal.Signal.INT, s -> Cancellation.request());
            out.println("tp repl — statements build a program; a bare expression prints its limit; :help lists commands.");
            if (preload != null) repl.handle(":load " + preload);
            StringBuilder buffer = new StringBuilder();
            while (true) {
                String line;
                try {
                    line = reader.readLine(buffer.length() == 0 ? "tp> " : "...> ");
                } catch (UserInterruptException e) {
                    buffer.setLength(0);
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                buffer.append(line).append('\n');
                if (Repl.incomplete(buffer.toString())) continue;
                String input = buffer.toString();
                buffer.setLength(0);
                // a block is one history entry, all its lines
                if (!input.isBlank()) reader.getHistory().add(input.stripTrailing());
                if (!repl.handle(input)) break;
            }
            reader.getHistory().save();
        }
    }
}
