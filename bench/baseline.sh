# Sourced by the scripts in bench/: `baseline` builds the previous release (commit $BASELINE,
# default c74f520) once, in a git worktree of its own outside the repository, and sets $baseline_jar
# to its runnable jar (empty when PREVIOUS=0 or the build fails: the figures are then left out).
baseline_jar=""
baseline() {
  local rev="${BASELINE:-c74f520}"
  local dir="${BASELINE_DIR:-/tmp/tp-baseline-$rev}"
  [ "${PREVIOUS:-1}" = 0 ] && return 0
  if [ ! -f "$dir/interpreter/target/tp.jar" ]; then
    if [ ! -d "$dir" ]; then
      git worktree add --detach "$dir" "$rev" >/dev/null 2>&1 || { echo "(previous release $rev: no worktree)" >&2; return 0; }
    fi
    (cd "$dir" && mvn -o -q -B -ntp -Dstyle.color=never -DskipTests package -pl interpreter -am >/dev/null 2>&1) \
      || { echo "(previous release $rev: the build failed)" >&2; return 0; }
  fi
  baseline_jar="$dir/interpreter/target/tp.jar"
}
