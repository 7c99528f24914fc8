package tp.repl;

/** A REPL command: its name, the arguments it takes, and one line of help. The table feeds `:help` and completion. */
record Command(String name, String args, String help) {}
