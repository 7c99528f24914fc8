#!/usr/bin/env bash
# A standalone Spark cluster on 127.0.0.1 from the jars Maven resolved (no Spark download):
#   spark/local-cluster.sh start [WORKERS]   master on spark://127.0.0.1:$PORT (7077), UI on $UI (8080)
#   spark/local-cluster.sh stop
# The same command lines as the integration test, without ParentWatch (these daemons outlive the script).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$here/target/local-cluster"; home="$dir/spark-home"
PORT="${PORT:-7077}"; UI="${UI:-8080}"
case "${1:-}" in
start)
  workers="${2:-2}"
  [[ -f "$here/target/spark-classpath.txt" ]] || { echo "build first: mvn -DskipTests package" >&2; exit 2; }
  mkdir -p "$home/jars" "$home/conf"
  tr ':' '\n' < "$here/target/spark-classpath.txt" | while read -r j; do ln -sf "$j" "$home/jars/"; done
  cp "$here/src/test/resources/spark-daemon-log4j2.properties" "$home/conf/log4j2.properties"
  export SPARK_HOME="$home" SPARK_CONF_DIR="$home/conf" SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13
  daemon() { # name main args...
    local name="$1"; shift
    nohup java -Xmx256m @"$here/jvm.args" -Dlog4j2.configurationFile="$home/conf/log4j2.properties" \
      -cp "$home/conf/:$home/jars/*" "$@" > "$dir/$name.log" 2>&1 < /dev/null &
    echo $! >> "$dir/pids"
  }
  await() { # aliveworkers
    for _ in $(seq 1 240); do
      curl -s "http://127.0.0.1:$UI/json/" 2>/dev/null | tr -d ' \n' | grep -q "\"aliveworkers\":$1,.*\"status\":\"ALIVE\"" && return 0
      sleep 0.25
    done
    echo "not ready; see $dir/*.log" >&2; exit 1
  }
  rm -f "$dir/pids"
  daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port "$UI"
  await 0
  for w in $(seq 1 "$workers"); do
    mkdir -p "$dir/work-$w"
    daemon "worker-$w" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
      --cores 1 --memory 1g --work-dir "$dir/work-$w" "spark://127.0.0.1:$PORT"
  done
  await "$workers"
  echo "spark://127.0.0.1:$PORT"
  ;;
stop)
  [[ -f "$dir/pids" ]] || exit 0
  tac "$dir/pids" | xargs -r kill 2>/dev/null || true   # workers first (they stop their executors), then the master
  for _ in $(seq 1 40); do alive=0; for p in $(cat "$dir/pids"); do kill -0 "$p" 2>/dev/null && alive=1; done; [[ $alive == 0 ]] && break; sleep 0.25; done
  for p in $(cat "$dir/pids"); do kill -9 "$p" 2>/dev/null || true; done
  rm -f "$dir/pids"
  ;;
*) echo "usage: $0 start [WORKERS] | stop" >&2; exit 2 ;;
esac
