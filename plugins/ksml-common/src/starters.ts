/** The starter definitions the KSML templates offer. */
export const KSML_STARTERS = ['copy', 'filter', 'producer'] as const;

/** One of {@link KSML_STARTERS}. */
export type KsmlStarter = (typeof KSML_STARTERS)[number];

/** Each starter's output topic when the template's form leaves it empty. */
export const STARTER_OUTPUT_TOPICS: Record<KsmlStarter, string> = {
  copy: 'ksml_sensordata_copy',
  filter: 'ksml_sensordata_blue',
  producer: 'ksml_sensordata_json',
};

/** What a starter is made from: the app's name and its topics. */
export interface StarterOptions {
  application: string;
  /** Read by the copy and filter starters (the producer reads nothing). */
  inputTopic?: string;
  /** Default: the starter's own ({@link STARTER_OUTPUT_TOPICS}). */
  outputTopic?: string;
}

const avroStreams = (input: string, output: string) => `streams:
  sensor_source:
    topic: ${input}
    keyType: string
    valueType: avro:SensorData
  sensor_target:
    topic: ${output}
    keyType: string
    valueType: avro:SensorData
`;

/** A starter's topics: the ones given, else the starter's own. */
function starterTopics(
  starter: KsmlStarter,
  options: StarterOptions,
): { input: string; output: string } {
  return {
    input: options.inputTopic?.trim() || 'ksml_sensordata_avro',
    output: options.outputTopic?.trim() || STARTER_OUTPUT_TOPICS[starter],
  };
}

/**
 * A starter's KSML definition for an app: the text the template's Definition step shows (and
 * lets the user edit) and the skeleton writes to `definitions/<application>.yaml`. Every one
 * passes the KSML backend's definition validation (see starters.test.ts).
 */
export function starterDefinition(
  starter: KsmlStarter,
  options: StarterOptions,
): string {
  const { input, output } = starterTopics(starter, options);
  const header = `# KSML definition of ${options.application} (starter: ${starter}).
# Reference: https://axual.github.io/ksml/ — edit, commit, and redeploy from the portal.
`;
  if (starter === 'producer') {
    return `${header}functions:
  generate_sensordata:
    type: generator
    globalCode: |
      import random
      import time
      counter = 0
    code: |
      global counter
      key = "sensor" + str(counter)
      counter = (counter + 1) % 10
      value = {"name": key, "timestamp": round(time.time() * 1000), "value": str(random.randrange(0, 100)), "type": "TEMPERATURE", "unit": "C"}
    expression: (key, value)
    resultType: (string, json)

producers:
  sensordata_producer:
    generator: generate_sensordata
    interval: 3s
    to:
      topic: ${output}
      keyType: string
      valueType: json
`;
  }
  if (starter === 'filter') {
    return `${header}${avroStreams(input, output)}
functions:
  sensor_is_blue:
    type: predicate
    expression: value is not None and value.get("color") == "blue"

pipelines:
  filter_blue_sensors:
    from: sensor_source
    via:
      - type: filter
        if: sensor_is_blue
    to: sensor_target
`;
  }
  return `${header}${avroStreams(input, output)}
pipelines:
  copy_sensors:
    from: sensor_source
    to: sensor_target
`;
}

/** The starters' record: KSML's example SensorData schema. */
const SENSOR_DATA_SCHEMA = {
  type: 'record',
  name: 'SensorData',
  namespace: 'io.axual.ksml.example',
  doc: 'Emulated sensor data with a few additional attributes',
  fields: [
    {
      name: 'name',
      type: 'string',
      doc: 'The name of the sensor',
    },
    {
      name: 'timestamp',
      type: 'long',
      doc: 'The timestamp of the sensor reading',
    },
    {
      name: 'value',
      type: 'string',
      doc: 'The value of the sensor, represented as string',
    },
    {
      name: 'type',
      type: {
        type: 'enum',
        name: 'SensorType',
        symbols: ['AREA', 'HUMIDITY', 'LENGTH', 'STATE', 'TEMPERATURE'],
      },
      doc: 'The type of the sensor',
    },
    {
      name: 'unit',
      type: 'string',
      doc: 'The unit of the sensor',
    },
    {
      name: 'color',
      type: ['null', 'string'],
      default: null,
      doc: 'The color of the sensor',
    },
    {
      name: 'city',
      type: ['null', 'string'],
      default: null,
      doc: 'The city of the sensor',
    },
  ],
};

/** A sensor reading of the SensorData schema the starters' topics carry, as a test's YAML. */
const reading = (name: string, color: string) => `          - key: ${name}
            value: {name: ${name}, timestamp: 1000, value: "21", type: TEMPERATURE, unit: C, color: ${color}}`;

/**
 * A starter's KSML test suite (KSML 1.3.0's test runner format), run by `POST /test` and the
 * template's dry run before anything is deployed: records in, Python assertions on what comes
 * out. The producer starter has none: it reads nothing, and the test runner drives pipelines.
 */
export function starterTests(
  starter: KsmlStarter,
  options: StarterOptions,
): string | undefined {
  if (starter === 'producer') return undefined;
  const { input, output } = starterTopics(starter, options);
  const expected = starter === 'filter' ? ['blue'] : ['blue', 'red'];
  return `# KSML tests of ${
    options.application
  } (starter: ${starter}): run before each deploy.
# Reference: https://axual.github.io/ksml/ (the KSML test runner).
name: ${options.application}
definition: ${options.application}.yaml
schemaDirectory: schemas
${avroStreams(input, output)}
tests:
  ${starter === 'filter' ? 'passes_blue_sensors_only' : 'copies_every_reading'}:
    description: ${
      starter === 'filter'
        ? 'a blue sensor passes, a red one does not'
        : 'every reading reaches the output topic'
    }
    produce:
      - to: sensor_source
        messages:
${reading('sensor1', 'blue')}
${reading('sensor2', 'red')}
    assert:
      - on: sensor_target
        code: |
          colors = [r["value"]["color"] for r in records]
          assert colors == ${JSON.stringify(expected)}, f"got {colors}"
`;
}

/**
 * The schemas the starters' topics carry (their `avro:SensorData`), as the template's skeleton
 * ships them (`schemas/SensorData.avsc`; starters.test.ts checks they are the same): what a
 * form sends with a starter's definition to test it before the skeleton exists.
 */
export const STARTER_SCHEMAS: ReadonlyArray<{
  schemaFileName: string;
  schemaBody: string;
}> = [
  {
    schemaFileName: 'SensorData.avsc',
    schemaBody: `${JSON.stringify(SENSOR_DATA_SCHEMA, null, 2)}\n`,
  },
];
