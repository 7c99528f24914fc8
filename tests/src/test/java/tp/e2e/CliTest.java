package tp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The command line: flags, formats, exit statuses. */
class CliTest {
    static String nngp() {
        return Cli.ROOT.resolve("programs/nngp.tp").toString();
    }

    @Test
    void versionAndHelp() {
        Cli.Result v = Cli.run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("tp "));
        Cli.Result h = Cli.run("--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("run") && h.out().contains("stdlib"), h.out());
        Cli.Result rh = Cli.run("run", "--help");
        assertTrue(rh.out().contains("--widths"), rh.out());
    }

    @Test
    void jsonHasTheContractFields() {
        Cli.Result r = Cli.run("run", nngp(), "--width", "64", "--seeds", "3", "--format", "json");
        assertEquals(0, r.code(), r.err());
        String j = r.out();
        assertTrue(j.startsWith("{\"mode\": \"finite\", \"program\": \"nngp\", \"width\": 64, \"seeds\": 3, \"seed\": 0, "
                + "\"outputs\": [{\"name\": \"k\", \"kind\": \"scalar\", \"mean\": "), j);
        assertTrue(j.contains("\"stderr\": ") && j.contains("\"values\": ["), j);
    }

    @Test
    void severalWidthsAndCsv() {
        Cli.Result r = Cli.run("run", nngp(), "--widths", "32,64", "--seeds", "2", "--format", "csv");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("width,output,kind,component,mean,stderr,seeds", lines[0]);
        assertEquals(3, lines.length);
        assertTrue(lines[1].startsWith("32,k,scalar,value,"));
        assertTrue(lines[2].startsWith("64,k,scalar,value,"));
    }

    @Test
    void setOverridesAParam() {
        Cli.Result a = Cli.run("run", nngp(), "--width", "64", "--format", "csv");
        Cli.Result b = Cli.run("run", nngp(), "--width", "64", "--format", "csv", "--set", "rho=0.9");
        assertEquals(0, b.code(), b.err());
        assertFalse(a.out().equals(b.out()));
        Cli.Result bad = Cli.run("run", nngp(), "--set", "rho=abc");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("must be a number"), bad.err());
    }

    @Test
    void usageErrorsExitTwoWithoutStackTraces() {
        for (String[] args : new String[][] {
                {"run"}, {"run", nngp(), "--width", "0"}, {"run", nngp(), "--format", "xml"},
                {"run", "no/such/file.tp"}, {"run", nngp(), "--bogus"}, {"frobnicate"},
                {"run", nngp(), "--width", "10", "--widths", "5,6"}, {"run", nngp(), "--seeds", "0"}}) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
            assertFalse(r.err().isBlank());
        }
    }

    @Test
    void stdlibListsModules() {
        Cli.Result r = Cli.run("stdlib");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("nngp"), r.out());
    }
}
