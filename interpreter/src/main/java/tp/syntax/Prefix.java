package tp.syntax;

/** The prefix operators: {@code -x} negates, {@code !x} is the logical not of a compile-time condition. */
public enum Prefix {
    NEG, NOT
}
