package tp.cli;

/** {@code --format}. */
enum Format {
    TABLE, CSV, JSON;

    static Format parse(String s) {
        switch (s) {
            case "table": return TABLE;
            case "csv": return CSV;
            case "json": return JSON;
            default: throw new Main.UsageError("--format must be table, csv or json; got " + s);
        }
    }
}
