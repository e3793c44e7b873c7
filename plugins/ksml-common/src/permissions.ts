import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

// What changes an app, or reads its logs, is a permission on the app's catalog entity (the
// Component whose ksml/tenant, ksml/instance and ksml/application annotations name it), so a
// policy can decide it with the catalog's rules, e.g. isEntityOwner: "members of the owning
// group may deploy". Reading status, metrics and history is a plain permission. See
// docs/permissions.md.

/** Deploy (install or upgrade) a KSML app: a permission on its catalog entity. */
export const ksmlAppDeployPermission = createPermission({
  name: 'ksml.app.deploy',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Undeploy (uninstall) a KSML app: a permission on its catalog entity. */
export const ksmlAppUndeployPermission = createPermission({
  name: 'ksml.app.undeploy',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Operate a deployed KSML app: roll it back, scale it (0 stops it) or restart it; a permission
 * on its catalog entity.
 */
export const ksmlAppOperatePermission = createPermission({
  name: 'ksml.app.operate',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Read a KSML app's status, metrics, events and history (and list the apps). */
export const ksmlAppReadPermission = createPermission({
  name: 'ksml.app.read',
  attributes: { action: 'read' },
});

/**
 * Read a KSML app's logs: separate from read, since logs can hold message data; a permission
 * on its catalog entity.
 */
export const ksmlAppLogsReadPermission = createPermission({
  name: 'ksml.app.logs.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read a KSML app's data: the records of its topics and the contents of its state stores.
 * Separate from read and logs, since records can be personal data; a permission on its catalog
 * entity, and every read is audited (never the data).
 */
export const ksmlAppDataReadPermission = createPermission({
  name: 'ksml.app.data.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** The permissions decided on the app's catalog entity. */
export const ksmlAppEntityPermissions = [
  ksmlAppDeployPermission,
  ksmlAppUndeployPermission,
  ksmlAppOperatePermission,
  ksmlAppLogsReadPermission,
  ksmlAppDataReadPermission,
];

/** Every KSML permission, for registration with the permissions registry. */
export const ksmlPermissions = [
  ...ksmlAppEntityPermissions,
  ksmlAppReadPermission,
];
