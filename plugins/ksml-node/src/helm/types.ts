/** Where the KSML chart comes from. */
export type ChartSource =
  | ({
      /** An OCI registry: `url` like `oci://registry.example.com/charts` (the readme's REGISTRY_URL). */
      kind: 'oci';
    } & RemoteChart)
  | ({
      /** A classic Helm repository with an index.yaml (Nexus, ChartMuseum, GitHub Pages, ...). */
      kind: 'repository';
    } & RemoteChart)
  | {
      /** A chart folder or .tgz on this machine. */
      kind: 'path';
      path: string;
    };

/** A chart in a registry or repository. */
export interface RemoteChart {
  url: string;
  name: string;
  version: string;
  /** Registry credentials: the password reaches helm through stdin, never argv. */
  username?: string;
  password?: string;
  /** PEM CA bundle that signs the registry's certificate. */
  caFile?: string;
  insecureSkipTlsVerify?: boolean;
}
