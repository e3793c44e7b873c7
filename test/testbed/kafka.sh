#!/usr/bin/env bash
# A one-node Apache Kafka broker (KRaft: broker and controller in one process) from the jars
# build.sh resolved, on free ports of 127.0.0.1, with a PLAINTEXT listener and a SASL_PLAINTEXT
# one (PLAIN; user "admin", a password made per start). up.sh starts the test bed's broker with
# it; a test that must stop a broker starts one of its own.
#
#   bash test/testbed/kafka.sh start DIR   # prints KSML_KAFKA_* env lines once ready
#   bash test/testbed/kafka.sh stop DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

action="${1:?usage: kafka.sh start|stop DIR}"
dir="${2:?usage: kafka.sh start|stop DIR}"

stop() {
  [[ -f "$dir/pid" ]] || return 0
  local pid
  pid="$(cat "$dir/pid")"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$dir/pid"
}

if [[ "$action" == stop ]]; then
  stop
  exit 0
fi
[[ "$action" == start ]] || { log "unknown action $action"; exit 2; }

need_cmd java "apt-get install default-jre-headless"
lib="$TESTBED_CACHE/bin/kafka-lib"
[[ -d "$lib" ]] || lib="$(bash "$here/build.sh" kafka)/kafka-lib"
mkdir -p "$dir"
chmod 700 "$dir"
plain_port="$(free_port)"
sasl_port="$(free_port)"
controller_port="$(free_port)"
password="$(openssl rand -hex 16)"
# A second SASL user with no rights but the ACLs a test grants it (admin is a super user).
limited_password="$(openssl rand -hex 16)"
# Pods on the real node reach the host only at its bridge address (node.sh): with
# KSML_KAFKA_NODE_IP set, the broker listens there too, PLAINTEXT and SASL.
listeners="PLAINTEXT://127.0.0.1:$plain_port,SASL_PLAINTEXT://127.0.0.1:$sasl_port"
protocols="PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT"
node_ip="${KSML_KAFKA_NODE_IP:-}"
if [[ -n "$node_ip" ]]; then
  node_port="$(free_port)"
  node_sasl_port="$(free_port)"
  listeners="$listeners,NODE://$node_ip:$node_port,NODE_SASL://$node_ip:$node_sasl_port"
  protocols="$protocols,NODE:PLAINTEXT,NODE_SASL:SASL_PLAINTEXT"
fi
jaas="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$password\" user_admin=\"$password\" user_ksml-limited=\"$limited_password\";"
(
  umask 077
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
controller.listener.names=CONTROLLER
listeners=$listeners,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=$listeners
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=$protocols
sasl.enabled.mechanisms=PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=$jaas
listener.name.node_sasl.plain.sasl.jaas.config=$jaas
# ACLs as a platform's broker has them: the PLAINTEXT listeners (ANONYMOUS) and admin may do
# anything, ksml-limited only what an ACL allows (a topic the runner cannot read).
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:ANONYMOUS;User:admin
allow.everyone.if.no.acl.found=false
log.dirs=$dir/data
num.partitions=1
# A topic no one created stays missing: the preflight and the lag must see it missing.
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
)
java -cp "$lib/*" kafka.tools.StorageTool format -t "$(java -cp "$lib/*" kafka.tools.StorageTool random-uuid 2>/dev/null)" \
  -c "$dir/server.properties" >"$dir/format.log" 2>&1 || { cat "$dir/format.log" >&2; exit 1; }
# setsid: its own process group, so stop (and down.sh) end it and nothing it started survives.
setsid java -Xms128m -Xmx512m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=info \
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn -Dorg.slf4j.simpleLogger.log.kafka=warn \
  -Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info \
  -cp "$lib/*" kafka.Kafka "$dir/server.properties" >"$dir/kafka.log" 2>&1 </dev/null &
echo $! >"$dir/pid"
if ! wait_for "Kafka broker" 60 grep -q "Kafka Server started" "$dir/kafka.log"; then
  tail -20 "$dir/kafka.log" >&2
  stop
  exit 1
fi
cat <<ENV
KSML_KAFKA_BOOTSTRAP=127.0.0.1:$plain_port
KSML_KAFKA_SASL_BOOTSTRAP=127.0.0.1:$sasl_port
KSML_KAFKA_USERNAME=admin
KSML_KAFKA_PASSWORD=$password
KSML_KAFKA_LIMITED_USERNAME=ksml-limited
KSML_KAFKA_LIMITED_PASSWORD=$limited_password
KSML_KAFKA_DIR=$dir
ENV
if [[ -n "$node_ip" ]]; then
  echo "KSML_KAFKA_NODE_BOOTSTRAP=$node_ip:$node_port"
  echo "KSML_KAFKA_NODE_SASL_BOOTSTRAP=$node_ip:$node_sasl_port"
fi
