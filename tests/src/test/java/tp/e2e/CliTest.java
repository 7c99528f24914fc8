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
        assertTrue(j.startsWith("{\"version\": 1, \"mode\": \"finite\", \"program\": \"nngp\", \"width\": 64, \"seeds\": 3, \"seed\": 0, "
                + "\"outputs\": [{\"name\": \"k\", \"kind\": \"scalar\", \"mean\": "), j);
        assertTrue(j.contains("\"stderr\": ") && j.contains("\"values\": ["), j);
        // one shape whatever the number of widths
        String several = Cli.run("run", nngp(), "--widths", "32,64", "--seeds", "2", "--format", "json").out();
        for (String key : new String[] {"\"version\": 1", "\"width\": 32", "\"outputs\": [", "\"widths\": [32, 64]", "\"runs\": ["}) {
            assertTrue(several.contains(key), key + " in " + several);
        }
        assertTrue(j.contains("\"widths\": [64]") && j.contains("\"runs\": [{\"width\": 64"), j);
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

    @Test
    void limitJsonFollowsTheContract() {
        Cli.Result r = Cli.run("limit", nngp(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("{\"version\": 1, \"mode\": \"limit\", \"program\": \"nngp\", \"outputs\": [{\"name\": \"k\", "
                + "\"kind\": \"scalar\", \"value\": 0.36671689291278"), r.out());
        assertTrue(r.out().contains("\"stderr\": 0.0, \"method\": \"exact\""), r.out());
        assertTrue(r.out().contains("\"expects\": [{\"source\": \"k == 0.366716892912781 within 1e-9\", \"passed\": true"), r.out());
    }

    @Test
    void aFailingClaimExitsOneAndSaysWhich() throws java.io.IOException {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("claim", ".tp");
        java.nio.file.Files.writeString(f, "vector x ~ N(0, 2)\nk = mean(x * x)\noutput k\nexpect k == 2.5 within 0.1\nexpect k > 1\n");
        Cli.Result r = Cli.run("limit", f.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(":4:8: claim failed: k == 2.5 within 0.1 — the limit is 2.0, off by 0.500 (tolerance 0.100)"), r.err());
        assertFalse(r.err().contains("k > 1"), r.err());
        assertTrue(r.out().contains("FAILED  k == 2.5 within 0.1"), r.out());
    }

    @Test
    void explainShowsRulesAtomsAndTiers() {
        Cli.Result r = Cli.run("explain", Cli.ROOT.resolve("programs/tanh_transpose.tp").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ZHat: Ẑ = Ẑ^z joins family W: Var = 1·E[(Z^{tanh(W.T @ y)})²] = 0.394294490398 [quadrature"),
                r.out());
        // the user's names, never internal ones; a claim's constant is not a step
        assertFalse(r.out().contains("%"), r.out());
        assertTrue(r.out().contains("InitVectors y ~ N(0, 1)"), r.out());
        assertTrue(r.out().contains("ZDot (derivative form)"), r.out());
        assertTrue(r.out().contains("Z^z = 0.6057055096"), r.out());
        Cli.Result only = Cli.run("explain", Cli.ROOT.resolve("programs/nngp.tp").toString(), "k");
        assertTrue(only.out().contains("[exact]"), only.out());
        assertEquals(2, Cli.run("explain", Cli.ROOT.resolve("programs/nngp.tp").toString(), "nosuch").code());
    }

    @Test
    void divergentScalarIsAnErrorNamingIt() throws java.io.IOException {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("div", ".tp");
        java.nio.file.Files.writeString(f, "vector x ~ N(0, 1)\ns = n * mean(x * x)\noutput s\n");
        Cli.Result r = Cli.run("limit", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(":2:7: error: no limit for `s`: it grows like n^1"), r.err());
        java.nio.file.Files.writeString(f, "vector x ~ N(0, 1)\ns = sqrt(n) * mean(x)\nt = n^-0.5 * mean(x * x) + 2 * n / (n + 1)\noutput s, t\n");
        r = Cli.run("limit", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no limit for `s`: its limit is random"), r.err());
        java.nio.file.Files.writeString(f, "vector x ~ N(0, 1)\nt = n^-0.5 * mean(x * x) + 2 * n / (n + 1)\noutput t\n");
        r = Cli.run("limit", f.toString(), "--format", "csv");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("t,scalar,value,2.0,exact"), r.out());
    }

    @Test
    void aMissingFileSuggestsWhatWasMeant() {
        Cli.Result r = Cli.run("run", "nngp-rel");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("tp: no such file: nngp-rel; did you mean nngp-relu (a stdlib program)?"), r.err());
    }
}
