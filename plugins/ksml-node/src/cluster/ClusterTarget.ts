/** The cluster and namespace an operation acts on (one per environment). */
export interface ClusterTarget {
  namespace: string;
  /** A kubeconfig file; omitted for the in-cluster service account. */
  kubeconfigPath?: string;
  /** A context of that kubeconfig; omitted for its current context. */
  context?: string;
}
