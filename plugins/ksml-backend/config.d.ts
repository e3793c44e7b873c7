export interface Config {
  /** Configuration of the KSML plugin (pluginId `ksml`). */
  ksml?: {
    /**
     * Namespace KSML apps are deployed to (the readme's NAMESPACE), for environments that do not
     * name their own. Default: the namespace the backend runs in (its service account's), else
     * `default`.
     */
    namespace?: string;

    /** Where the KSML Helm chart comes from. Exactly one of registryUrl, repositoryUrl, path. */
    chart: {
      /** An OCI registry, e.g. `oci://registry.example.com/charts` (the readme's REGISTRY_URL). */
      registryUrl?: string;
      /** A classic Helm repository URL with an index.yaml (Nexus, ChartMuseum, ...). */
      repositoryUrl?: string;
      /** A chart folder or .tgz on the backend's machine (development). */
      path?: string;
      /** Chart name (the readme's CHART_NAME). Default `ksml`. */
      name?: string;
      /** Chart version (the readme's CHART_VERSION). Required for registryUrl and repositoryUrl. */
      version?: string;
      /** Registry or repository credentials (REGISTRY_AUTH_ENABLED, REGISTRY_USERNAME, REGISTRY_PASSWORD). */
      auth?: {
        username: string;
        /** @visibility secret */
        password: string;
      };
      /**
       * CA certificates that sign the registry's certificate: a PEM file, or a base64-encoded PEM
       * file as the readme's CLIENT_CA_FILE.
       */
      caFile?: string;
      /** Skip verifying the registry's certificate (INSECURE_SKIP_TLS_VERIFY). Not for production. */
      insecureSkipTlsVerify?: boolean;
    };

    /**
     * A YAML file of extra chart values (the readme's CUSTOM_VALUES_FILE), e.g.
     * `podSecurityContext`, `serviceMonitor`, or Kafka properties every app shares.
     */
    customValuesFile?: string;

    /**
     * Kafka properties to treat as secrets beyond the built-in ones (`sasl.jaas.config`,
     * `*.password`, `basic.auth.user.info`, ...): exact names or patterns with `*`, e.g.
     * `sasl.oauthbearer.client.credentials.*`. Secrets are kept in a Secret of the app's, never in
     * chart values, history, logs or responses.
     */
    secretKafkaProperties?: string[];

    /**
     * Seconds a read permission decision (status, logs, metrics, history, apps, render) is
     * reused for the same user or service; 0 asks the permission framework on every request.
     * Deploy and undeploy are always decided afresh. Default 5.
     */
    readPermissionCacheSeconds?: number;
    /** How the KSML permissions are decided (see docs/permissions.md). */
    permissions?: {
      /**
       * Changes and logs are permissions on the app's catalog entity. For an app no entity
       * describes, an ownership rule cannot be applied: `deploy` (default) lets such an app be
       * deployed (a new app; its template registers the entity) and refuses the rest; `all`
       * lets everything through (a sandbox).
       */
      unownedApps?: 'deploy' | 'all';
    };
    /**
     * Where KSML tests run (`POST /test`, a deploy with `requireTests`, the scaffolder's dry
     * run): KSML's own test runner (`ksml-test.jar` of the runner image), on Kafka's
     * TopologyTestDriver, no broker.
     */
    tests?: {
      /**
       * `cluster`: a Job with the app's runner image (and its pull secrets, node selector,
       * tolerations) in the environment's namespace; `local`: a JVM beside the backend.
       * Default: local when `local` is set, else cluster.
       */
      runOn?: 'local' | 'cluster';
      local?: {
        /** A folder with `ksml-test.jar` and its `libs/`, as the runner image's `/opt/ksml`. */
        home: string;
        /** A JDK 23 or newer; default JAVA_HOME, else `java` on the PATH. */
        javaHome?: string;
      };
      /**
       * JVM options of the Job's test runner after upstream's, e.g.
       * `-Dorg.graalvm.version=25.0.3` for a runner image on a stock JDK rather than GraalVM.
       */
      clusterJavaOptions?: string[];
      /** How long a run may take, JVM start included; default 180. */
      timeoutSeconds?: number;
    };
    /** Live log streams (`GET /logs/follow`) open at once. */
    liveLogs?: {
      /** Per user; default 3. */
      maxPerUser?: number;
      /** For the whole backend; default 100. */
      maxTotal?: number;
    };

    /**
     * The Kafka cluster of environments that do not name their own: the backend checks the
     * topics a definition reads before a deploy and measures apps' consumer lag there. Unset:
     * no preflight and no lag.
     */
    kafka?: KsmlKafkaConfig;

    /** The helm binary. */
    helm?: {
      /** Path of helm v3. Default `helm` from PATH. */
      binary?: string;
      /** Longest a helm command may take, in seconds. Default 300. */
      timeoutSeconds?: number;
    };

    /**
     * The cluster for environments that do not name their own. Default: the in-cluster service
     * account.
     */
    cluster?: KsmlClusterConfig;

    /**
     * Environments (dev, stag, prod, ...) mapped to clusters and namespaces. When set, only these
     * environments can be deployed to; when absent, any environment goes to `cluster` and
     * `namespace`.
     */
    environments?: {
      [name: string]: {
        /** Namespace in this environment's cluster. Default: ksml.namespace. */
        namespace?: string;
        /** This environment's cluster. Default: ksml.cluster. */
        cluster?: KsmlClusterConfig;
        /**
         * A YAML file of chart values for this environment only (its cluster's node pool, image
         * mirror, pull secrets), layered over ksml.customValuesFile as Helm layers values files.
         * Not for `operator` or `provisioner` environments: their provisioner makes the values.
         */
        customValuesFile?: string;
        /** This environment's Kafka cluster (preflight and lag). Default: ksml.kafka. */
        kafka?: KsmlKafkaConfig;
        /**
         * A Prometheus that scrapes this environment's KSML runners (the chart's metrics port,
         * e.g. through its ServiceMonitor): the source of an app's throughput trend longer
         * than the hour the backend keeps (`GET /throughput?range=6h`). Read with
         * `query_range` only. Unset: the last hour, from the runners.
         */
        prometheus?: {
          /** Its base URL, below which `/api/v1/query_range` is, e.g. `http://prometheus.monitoring:9090`. */
          url: string;
          /**
           * A bearer token, for a Prometheus behind an authenticating proxy.
           * @visibility secret
           */
          token?: string;
          /** Basic auth, instead of a token. */
          auth?: {
            username: string;
            /** @visibility secret */
            password?: string;
          };
          /** PEM CA bundle that signs its TLS certificate. */
          caFile?: string;
          /** Longest a query may take, in seconds. Default 5. */
          timeoutSeconds?: number;
          /**
           * The labels its series name a runner's pod by. Default `namespace` and `pod`, as a
           * ServiceMonitor or the usual `kubernetes_sd_configs` relabelling gives.
           */
          labels?: { namespace?: string; pod?: string };
          /** Matchers that pick this environment out of a Prometheus of several: `cluster="prod"`. */
          matchers?: string;
        };
        /**
         * Operator mode: a deploy writes the app as a KsmlApp (ksml-backstage.io/v1alpha1) in
         * the namespace and waits until a KSML provisioner running there with
         * OPERATOR_MODE=true has installed it; the status shows the KsmlApp's conditions. Reads
         * go to the cluster as usual.
         */
        operator?: boolean;
        /**
         * A standalone KSML provisioner running in this environment's cluster, instead of
         * `cluster`: the backend calls its REST API (packages/provisioner). `namespace` then only
         * names it in history; the provisioner's NAMESPACE decides.
         */
        provisioner?: {
          /** Its base URL, e.g. `https://ksml-provisioner.ksml.svc:8080`. */
          url: string;
          /** Its BASIC_AUTH_USERNAME / BASIC_AUTH_PASSWORD. */
          auth?: {
            username: string;
            /** @visibility secret */
            password: string;
          };
          /** PEM CA bundle that signs its TLS certificate. */
          caFile?: string;
        };
      };
    };
  };
}

/** How to reach a Kubernetes cluster: a kubeconfig (and context), in-cluster, or URL + token. */
export interface KsmlClusterConfig {
  /** A kubeconfig file. */
  kubeconfigPath?: string;
  /** A context of that kubeconfig. Default: its current context. */
  context?: string;
  /** The API server URL (with token), instead of a kubeconfig. */
  url?: string;
  /**
   * A bearer token for url.
   * @visibility secret
   */
  token?: string;
  /** CA certificate file of the API server at url. */
  caFile?: string;
  /** Skip verifying the API server's certificate at url. Not for production. */
  skipTLSVerify?: boolean;
}

/**
 * How the backend reaches a Kafka cluster, with an admin's read access: it lists topics and
 * reads consumer group offsets, and changes nothing.
 */
export interface KsmlKafkaConfig {
  /** `host:port[,host:port]` of its brokers. */
  bootstrapServers: string;
  /** Kafka's security.protocol: PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL. */
  securityProtocol?: 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
  /** For SASL_PLAINTEXT and SASL_SSL. */
  sasl?: {
    /** PLAIN (default), SCRAM-SHA-256 or SCRAM-SHA-512. */
    mechanism?: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
    username: string;
    /** @visibility secret */
    password: string;
  };
  /** For SSL and SASL_SSL. */
  tls?: {
    /** PEM file of the CA that signs the brokers' certificates. */
    caFile?: string;
    /** PEM files of a client certificate and its key, for mutual TLS. */
    certFile?: string;
    keyFile?: string;
    /** Skip verifying the brokers' certificates. Not for production. */
    insecureSkipTlsVerify?: boolean;
  };
  /** Longest a request to the cluster may take, in seconds. Default 5. */
  timeoutSeconds?: number;
}
