export interface Config {
  auth?: {
    providers?: {
      /**
       * The dev portal's second sign-in without a login (development only):
       * src/modules/outsiderSignIn.ts.
       */
      outsider?: {
        /** The catalog user it signs in as, e.g. `user:default/outsider`. */
        userEntityRef: string;
      };
    };
  };
}
