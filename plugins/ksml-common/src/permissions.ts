import { createPermission } from '@backstage/plugin-permission-common';

/** Deploy (install or upgrade) a KSML app. */
export const ksmlAppDeployPermission = createPermission({
  name: 'ksml.app.deploy',
  attributes: { action: 'create' },
});

/** Undeploy (uninstall) a KSML app. */
export const ksmlAppUndeployPermission = createPermission({
  name: 'ksml.app.undeploy',
  attributes: { action: 'delete' },
});

/** Operate a deployed KSML app: roll it back, scale it (0 stops it) or restart it. */
export const ksmlAppOperatePermission = createPermission({
  name: 'ksml.app.operate',
  attributes: { action: 'update' },
});

/** Read a KSML app's status, metrics and deploy history. */
export const ksmlAppReadPermission = createPermission({
  name: 'ksml.app.read',
  attributes: { action: 'read' },
});

/** Read a KSML app's logs: separate from read, since logs can hold message data. */
export const ksmlAppLogsReadPermission = createPermission({
  name: 'ksml.app.logs.read',
  attributes: { action: 'read' },
});

/** Every KSML permission, for registration with the permissions registry. */
export const ksmlPermissions = [
  ksmlAppDeployPermission,
  ksmlAppUndeployPermission,
  ksmlAppOperatePermission,
  ksmlAppReadPermission,
  ksmlAppLogsReadPermission,
];
