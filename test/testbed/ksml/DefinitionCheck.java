// The KSML runner's start-up, for many definitions in one JVM: the differential test's judge
// (test/testbed/src/differential). For each runner configuration named on stdin (a
// ksml-runner.yaml as the chart renders it, one definition each), it does what KSML 1.3.0's
// KSMLRunner.main does before Kafka Streams or the producers start: read the configuration and
// its definitions, register the notations, parse every definition, register the producers'
// functions and generators, and generate the Kafka Streams topology. The first error it meets is
// the runner's refusal; getting through is its acceptance. One JVM instead of one per definition
// because GraalPy's first start costs seconds: hundreds of runner starts would take half an hour.
// The test checks this judge against the runner's own main on a sample of the same corpus.
//
// Run with KSML's own class path, as a single source file (JDK 23+):
//   java -cp 'ksml.jar:libs/*' DefinitionCheck.java RESULTS_FILE < configs
// RESULTS_FILE gets one JSON line per configuration, in order:
//   {"config": PATH, "verdict": "accepted"|"refused", "message": TEXT}
// Nothing reaches a broker: Kafka Streams is created, never started; the producers' loop is left
// before it sends.

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.axual.ksml.definition.parser.TopologyDefinitionParser;
import io.axual.ksml.execution.ExecutionContext;
import io.axual.ksml.generator.TopologyDefinition;
import io.axual.ksml.parser.ParseNode;
import io.axual.ksml.python.PythonContextConfig;
import io.axual.ksml.runner.backend.KafkaProducerRunner;
import io.axual.ksml.runner.backend.KafkaStreamsRunner;
import io.axual.ksml.runner.backend.Runner;
import io.axual.ksml.runner.config.KSMLRunnerConfig;
import io.axual.ksml.runner.notation.NotationFactories;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileWriter;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

public class DefinitionCheck {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the producers' registration may take before the check gives up on it. */
    private static final long PRODUCER_REGISTRATION_MS = 60_000;

    /**
     * What KSML's FatalError logs: its "Description:" line holds the innermost cause, which the
     * exception it throws has lost (FatalError.report keeps only the outermost message).
     */
    private static final ListAppender<ILoggingEvent> FATAL_ERRORS = new ListAppender<>();

    public static void main(String[] args) throws Exception {
        final var fatalErrorLogger = (Logger) LoggerFactory.getLogger("io.axual.ksml.execution.FatalError");
        FATAL_ERRORS.start();
        fatalErrorLogger.addAppender(FATAL_ERRORS);
        try (var results = new PrintWriter(new FileWriter(args[0], true), true);
             var configs = new BufferedReader(new InputStreamReader(System.in))) {
            String path;
            while ((path = configs.readLine()) != null) {
                if (path.isBlank()) continue;
                FATAL_ERRORS.list.clear();
                final var result = new LinkedHashMap<String, String>();
                result.put("config", path);
                try {
                    final var refusal = check(new File(path));
                    result.put("verdict", refusal == null ? "accepted" : "refused");
                    if (refusal != null) result.put("message", refusal);
                } catch (Throwable error) {
                    result.put("verdict", "refused");
                    result.put("message", described(messages(error)));
                }
                results.println(JSON.writeValueAsString(result));
            }
        }
        // Threads of the producers' loops and GraalPy may linger: the answers are written.
        System.exit(0);
    }

    /** Null when the runner would start this configuration, else why it would not. */
    private static String check(File configFile) throws Exception {
        final var config = YAML.readValue(configFile, KSMLRunnerConfig.class);
        final var ksml = config.getKsmlConfig();
        final var definitions = ksml.definitions();
        if (definitions.isEmpty()) {
            // The runner logs "Could not read KSML definition from file" and stops: no definitions.
            return "No KSML definitions found in configuration (none could be read)";
        }
        final var context = ExecutionContext.INSTANCE;
        context.schemaLibrary().schemaDirectory(ksml.schemaDirectory());
        final var factories = new NotationFactories(config.getKafkaConfigMap());
        for (final var notation : factories.notations().entrySet()) {
            context.notationLibrary().register(notation.getKey(), notation.getValue().create(null));
        }
        for (final var entry : ksml.notations().entrySet()) {
            final var notation = entry.getValue();
            final var settings = new HashMap<String, String>();
            final var registry = ksml.schemaRegistries().get(notation.schemaRegistry());
            if (registry != null && registry.config() != null) settings.putAll(registry.config());
            if (notation.config() != null) settings.putAll(notation.config());
            final var factory = factories.notations().get(notation.type());
            if (factory == null) return "Unknown notation type: " + notation.type();
            context.notationLibrary().register(entry.getKey(), factory.create(settings));
        }

        final Map<String, TopologyDefinition> producers = new HashMap<>();
        final Map<String, TopologyDefinition> pipelines = new HashMap<>();
        definitions.forEach((name, definition) -> {
            final var parsed = new TopologyDefinitionParser(name).parse(ParseNode.fromRoot(definition, name));
            if (!parsed.producers().isEmpty()) producers.put(name, parsed);
            if (!parsed.pipelines().isEmpty()) pipelines.put(name, parsed);
        });
        if (!ksml.enableProducers()) producers.clear();
        if (!ksml.enablePipelines()) pipelines.clear();
        if (producers.isEmpty() && pipelines.isEmpty()) {
            // The runner has nothing to run and exits at once (code 0): its pod restarts forever.
            return "Nothing to run: no pipelines and no producers (the runner exits)";
        }
        if (!producers.isEmpty()) {
            final var refusal = registerProducers(producers, config.getKafkaConfigMap(), ksml.pythonContextConfig());
            if (refusal != null) return refusal;
        }
        if (!pipelines.isEmpty()) {
            final var streams = new KafkaStreamsRunner(KafkaStreamsRunner.Config.builder()
                    .storageDirectory(ksml.storageDirectory())
                    .appServer(ksml.applicationServerConfig())
                    .definitions(pipelines)
                    .kafkaConfig(config.getKafkaConfigMap())
                    .pythonContextConfig(ksml.pythonContextConfig())
                    .build());
            streams.kafkaStreams().close(Duration.ZERO);
        }
        return null;
    }

    /**
     * Runs the runner's producer loop until it has registered every function and generator (its
     * state becomes STARTED) or failed doing so; then stops it. Its first send would wait for a
     * broker, which is not the definition's business.
     */
    private static String registerProducers(Map<String, TopologyDefinition> producers,
                                            Map<String, String> kafkaConfig,
                                            PythonContextConfig python) throws InterruptedException {
        final var runner = new KafkaProducerRunner(KafkaProducerRunner.Config.builder()
                .definitions(producers)
                .kafkaConfig(kafkaConfig)
                .pythonContextConfig(python)
                .build());
        final var failure = new AtomicReference<Throwable>();
        final var thread = new Thread(() -> {
            try {
                runner.run();
            } catch (Throwable error) {
                failure.set(error);
            }
        }, "producer-check");
        thread.setDaemon(true);
        thread.start();
        final var deadline = System.currentTimeMillis() + PRODUCER_REGISTRATION_MS;
        while (System.currentTimeMillis() < deadline) {
            final var state = runner.getState();
            if (failure.get() != null || state == Runner.State.FAILED) {
                thread.join(1000);
                return described(failure.get() != null ? messages(failure.get()) : "The producers failed to start");
            }
            if (state == Runner.State.STARTED || state == Runner.State.STOPPED) {
                runner.stop();
                return null;
            }
            Thread.sleep(20);
        }
        runner.stop();
        return "The producers did not finish registering in " + PRODUCER_REGISTRATION_MS / 1000 + " s";
    }

    /** The first cause KSML's FatalError described for this check, else `fallback`. */
    private static String described(String fallback) {
        for (final var event : FATAL_ERRORS.list) {
            final var matcher = java.util.regex.Pattern.compile("Description: (.*)").matcher(event.getFormattedMessage());
            if (matcher.find()) return matcher.group(1).trim();
        }
        return fallback;
    }

    /** Every distinct message of an error and its causes, outermost first, on one line. */
    private static String messages(Throwable error) {
        final var seen = new LinkedHashSet<String>();
        for (var cause = error; cause != null && seen.size() < 10; cause = cause.getCause()) {
            final var message = cause.getMessage();
            seen.add(message == null || message.isBlank()
                    ? cause.getClass().getSimpleName()
                    : message.replaceAll("\\s+", " ").trim());
            if (cause.getCause() == cause) break;
        }
        return String.join(" | ", new ArrayList<>(seen));
    }
}
