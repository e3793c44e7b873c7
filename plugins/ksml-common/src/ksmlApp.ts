// The KsmlApp custom resource's shape (ksml-backstage.io/v1alpha1): a KSML app declared in
// Kubernetes and reconciled by the provisioner in operator mode. Its CRD is
// packages/provisioner/chart/crds/ksmlapps.yaml.

/** A KsmlApp's spec: the deploy request, with the secret Kafka properties in a Secret. */
export interface KsmlAppSpec {
  tenant: string;
  instance: string;
  environment: string;
  /** Default: the KsmlApp's name. */
  application?: string;
  replicas?: number;
  deploymentMode?: string;
  definition?: string;
  definitions?: Record<string, string>;
  /** Non-secret Kafka properties only. */
  kafkaProperties?: Record<string, string>;
  /** A Secret in the KsmlApp's namespace whose keys are Kafka property names (the secret ones). */
  kafkaSecretRef?: { name: string };
  schemas?: Array<{ schemaFileName: string; schemaBody: string }>;
  resources?: unknown;
  storage?: unknown;
  allowMissingTopics?: boolean;
}

/** One of a KsmlApp's conditions (Kubernetes' metav1.Condition). */
export interface KsmlAppCondition {
  type: 'Ready' | 'Reconciling' | 'Failed';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

/** What the controller writes back. */
export interface KsmlAppStatus {
  /** The generation of the spec the status describes. */
  observedGeneration?: number;
  /** The Helm release and the revision the controller installed last. */
  release?: string;
  helmRevision?: number;
  /** The app's state: Running, Starting, Failing, Stopped, ... */
  state?: string;
  /** The resourceVersion of the referenced Secret the last install read. */
  secretVersion?: string;
  conditions?: KsmlAppCondition[];
}

/** A KsmlApp as the API server returns it. */
export interface KsmlAppObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    /** Absent in a manifest meant for any namespace (GitOps). */
    namespace?: string;
    uid?: string;
    generation?: number;
    resourceVersion?: string;
    deletionTimestamp?: string;
    finalizers?: string[];
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: KsmlAppSpec;
  status?: KsmlAppStatus;
}
