# Sourced by the scripts in bench/ from the repository root: `build ARGS…` packages the modules that
# ARGS select (with what they need, tests skipped), showing Maven's log only when the build fails.
# Packaging in the reactor leaves ~/.m2 alone. The benchmarks run on the classpath $bench_cp: the
# runnable jar (which carries every dependency) and the benchmark classes, which tp.jar leaves out.
bench_cp=interpreter/target/tp.jar:bench/target/classes
build() {
  local log
  log="$(mktemp)"
  if ! mvn -q -B -ntp -Dstyle.color=never -DskipTests package "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "$(basename "$0" .sh): the build failed" >&2
    exit 2
  fi
  rm -f "$log"
}
