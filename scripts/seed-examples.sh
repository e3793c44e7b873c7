#!/usr/bin/env bash
# Deploys the dev portal's two example KSML apps (examples/catalog-info.yaml) into the test bed
# through the portal's own API, so their KSML tabs show live status, logs and metrics:
#   sensor-producer (the template's producer starter: a JSON sensor reading every 3 s) to dev,
#   sensor-inspector (the KSML Provisioner readme's sample request) to dev, stag and prod (operator
#   mode: the backend writes a KsmlApp that the operator installs).
# In the environments named by KSML_SEED_REAL_ENVIRONMENTS (comma-separated; `npm start` names
# stag when the test bed has its real node), the real KSML runner runs them: sensor-producer is
# deployed there too, and sensor-inspector reads its JSON readings
# (examples/definitions/sensor-inspector-json.yaml: the test bed has no schema registry for the
# readme's Avro), both reaching Kafka at the broker's address for pods.
# `npm start` runs it in the background; it waits for the backend to be ready, signs in as the
# guest user and POSTs to /api/ksml/deploy. Deploying again is harmless (helm upgrade) and
# records the desired state in the backend's in-memory database, which Redeploy/Stop/Start use.
#
#   bash scripts/seed-examples.sh        # KSML_PORTAL_BACKEND_URL (default http://localhost:7007)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=node.sh
source "$root/scripts/node.sh"
backend="${KSML_PORTAL_BACKEND_URL:-http://localhost:7007}"
wait_seconds="${KSML_SEED_WAIT_SECONDS:-600}"
log() { echo "[seed] $*" >&2; }

# --- wait for the backend -------------------------------------------------------------------
deadline=$((SECONDS + wait_seconds))
until curl -fsS -o /dev/null "$backend/.backstage/health/v1/readiness" 2>/dev/null; do
  if ((SECONDS >= deadline)); then
    log "the backend at $backend was not ready within ${wait_seconds}s; examples not deployed"
    exit 1
  fi
  sleep 2
done

# --- guest token ----------------------------------------------------------------------------
# The guest's token says which groups it belongs to only when the catalog knew the guest user at
# sign-in (else it holds the user alone, and the permission policy would not count the guest as
# an owner of the example apps): sign in until the catalog has the user, then once more.
sign_in() {
  curl -fsS -H 'X-Requested-With: XMLHttpRequest' \
    "$backend/api/auth/guest/refresh?optional&env=development" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{
      const t=JSON.parse(s).backstageIdentity?.token; if(!t) process.exit(1); console.log(t)})'
}
until token="$(sign_in)" &&
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" \
    "$backend/api/catalog/entities/by-name/user/default/guest" 2>/dev/null; do
  if ((SECONDS >= deadline)); then
    log "guest sign-in failed, or the catalog has no user:default/guest; examples not deployed"
    exit 1
  fi
  sleep 1
done
token="$(sign_in)"

# --- Kafka: the examples' topics ------------------------------------------------------------
# The backend refuses a deploy whose input topic the environment's Kafka cluster lacks, so the
# topics come first. kwok's pods are simulated: no KSML runner reads the Avro topic. The
# seeding onto an empty Avro topic also writes records to it and commits offsets as
# sensor-inspector's consumer group would (partition 2 never), so the Lag view and topology of
# the environments on kwok show real figures.
if [[ -z "${KSML_KAFKA_BOOTSTRAP:-}" || (-n "${KSML_SEED_REAL_ENVIRONMENTS:-}" && -z "${KSML_KAFKA_NODE_BOOTSTRAP:-}") ]]; then
  set -a
  # shellcheck disable=SC1091
  source "${KSML_TESTBED_DIR:-$root/.testbed}/env"
  set +a
fi
cd "$root"
node --no-warnings --input-type=module - "$KSML_KAFKA_BOOTSTRAP" <<'EOF' ||
const [bootstrap] = process.argv.slice(2);
const { Admin, Producer, stringSerializers } = await import('@platformatic/kafka');
const admin = new Admin({ clientId: 'ksml-seed', bootstrapBrokers: [bootstrap] });
const topics = { ksml_sensordata_avro: 3, ksml_sensordata_json: 1, ksml_sensordata_copy: 1, ksml_sensordata_blue: 1 };
try {
  const existing = new Set(await admin.listTopics());
  for (const [topic, partitions] of Object.entries(topics)) {
    if (!existing.has(topic)) await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
  }
  // Only onto an empty topic no consumer group has committed on (made now, or by another
  // tool such as the benchmark, which creates it empty): the seeded lag is then always 32,
  // and a topic with records of its own is left as it is.
  const partitions = [0, 1, 2];
  const [ends] = await admin.listOffsets({ topics: [{ name: 'ksml_sensordata_avro', partitions: partitions.map(partitionIndex => ({ partitionIndex, timestamp: -1n })) }] });
  const [group] = await admin.listConsumerGroupOffsets({ groups: [{ groupId: 'io.axual.sensor-inspector', topics: [{ name: 'ksml_sensordata_avro', partitionIndexes: partitions }] }] });
  const empty = ends.partitions.every(p => p.offset === 0n);
  const neverCommitted = (group?.topics ?? []).every(t => t.partitions.every(p => p.committedOffset < 0n));
  // The seed's own records (an earlier seed's): their commits are set again, so an offset reset
  // made meanwhile (the browser suite resets them) leaves the next portal the same lag of 32.
  const seeded = [...ends.partitions].sort((a, b) => a.partitionIndex - b.partitionIndex).map(p => Number(p.offset)).join() === '40,25,30';
  if (empty && neverCommitted) {
    const producer = new Producer({ clientId: 'ksml-seed', bootstrapBrokers: [bootstrap], serializers: stringSerializers });
    for (const [partition, count] of [40, 25, 30].entries()) {
      await producer.send({ messages: Array.from({ length: count }, (_, i) => ({ topic: 'ksml_sensordata_avro', partition, key: `sensor${i % 10}`, value: '{}' })) });
    }
    await producer.close();
  }
  if ((empty && neverCommitted) || seeded) try {
    await admin.alterConsumerGroupOffsets({ groupId: 'io.axual.sensor-inspector', topics: [{ name: 'ksml_sensordata_avro', partitionOffsets: [{ partition: 0, offset: 38n }, { partition: 1, offset: 25n }] }] });
    // Partition 2 is never committed: its lag counts from the earliest offset.
    await admin.deleteConsumerGroupOffsets({ groupId: 'io.axual.sensor-inspector', topics: [{ name: 'ksml_sensordata_avro', partitionIndexes: [2] }] }).catch(() => undefined);
  } catch (error) {
    // A member of the group (something consuming it) keeps its commits: the lag is then theirs.
    console.error(`[seed] the commits of io.axual.sensor-inspector were not set: ${error.message}`);
  }
} finally {
  await admin.close();
}
EOF
  log "creating the examples' Kafka topics failed; their deploys will be refused"

# --- request bodies -------------------------------------------------------------------------
# body APP ENVIRONMENT REAL: the deploy request as JSON. sensor-inspector is the readme's sample
# request (shared with the tests), or its JSON twin where REAL is "real"; sensor-producer is the
# KSML app template's producer starter. Real runners reach the broker at its address for pods.
body() {
  node --no-warnings --input-type=module - "$1" "$2" "$3" <<'EOF'
const [app, environment, real] = process.argv.slice(2);
const { readFileSync } = await import('node:fs');
const bootstrap =
  real === 'real' ? process.env.KSML_KAFKA_NODE_BOOTSTRAP : process.env.KSML_KAFKA_BOOTSTRAP;
const { readmeDeployRequest } = await import(
  new URL('plugins/ksml-common/src/testing/readmeDeployRequest.ts', `file://${process.cwd()}/`).href
);
const { starterDefinition } = await import(
  new URL('plugins/ksml-common/src/starters.ts', `file://${process.cwd()}/`).href
);
const request =
  app === 'sensor-inspector'
    ? {
        ...readmeDeployRequest,
        environment,
        kafkaProperties: {
          ...readmeDeployRequest.kafkaProperties,
          'bootstrap.servers': bootstrap,
          // The environments share the test bed's one broker: each its own consumer group, as
          // a platform sharing a cluster between environments would have them (dev keeps the
          // readme's, whose commits the seed writes). One group for all would let stag's
          // runner hold dev's group, and an offset reset of dev would wait for it forever.
          ...(environment === 'dev'
            ? {}
            : {
                'application.id': `${readmeDeployRequest.kafkaProperties['application.id']}-${environment}`,
              }),
        },
        ...(real === 'real'
          ? {
              definition: readFileSync('examples/definitions/sensor-inspector-json.yaml', 'utf8'),
              schemas: [],
            }
          : {}),
      }
    : {
        tenant: 'dizzl',
        instance: 'sandbox',
        environment,
        application: app,
        replicas: 1,
        definition: starterDefinition('producer', { application: app }),
        kafkaProperties: {
          'bootstrap.servers': bootstrap,
          'application.id': `io.axual.${app}`,
        },
        schemas: [],
      };
console.log(JSON.stringify(request));
EOF
}

# --- deploy ---------------------------------------------------------------------------------
cd "$root"
real_list="${KSML_SEED_REAL_ENVIRONMENTS:-}"
is_real() { [[ ",$real_list," == *",$1,"* ]]; }
# The producer first, so that its readings wait for the inspector where both run for real.
targets=(sensor-producer:dev)
for environment in ${real_list//,/ }; do
  [[ "$environment" == dev ]] || targets+=("sensor-producer:$environment")
done
targets+=(sensor-inspector:dev sensor-inspector:stag sensor-inspector:prod)
failed=0
for target in "${targets[@]}"; do
  app="${target%%:*}" environment="${target#*:}"
  real=kwok
  if is_real "$environment"; then real=real; fi
  response="$(mktemp)"
  status="$(body "$app" "$environment" "$real" |
    curl -sS -o "$response" -w '%{http_code}' -X POST "$backend/api/ksml/deploy" \
      -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @-)" ||
    status="curl failed"
  if [[ "$status" == 200 ]]; then
    log "deployed $app to $environment ($([[ $real == real ]] && echo 'real KSML runner' || echo 'on kwok'))"
  else
    log "deploying $app to $environment failed ($status): $(head -c 500 "$response")"
    failed=1
  fi
  rm -f "$response"
done
exit "$failed"
