export interface Config {
  ksml?: {
    /** Settings of the KSML scaffolder actions. */
    scaffolder?: {
      /**
       * How often `ksml:app:deploy` reads the app's status while it waits, in milliseconds.
       * Default 3000.
       */
      pollIntervalMs?: number;
      /**
       * Folder that `ksml:publish:folder` publishes generated apps into (the dev portal's
       * offline stand-in for a Git host); relative paths are resolved from the backend's
       * working directory. Unset: the action refuses to run.
       */
      publishFolder?: string;
    };
  };
}
