// @ts-check

/**
 * Two lookups by index rather than by reading the whole history: `GET /changes?actor=` (one
 * person's changes across every app, newest first, by (actor, id)) and `GET /apps?application=`
 * (an entity's KSML tab asking where its own app runs, by application).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ksml_deployments', table => {
    table.index(['actor', 'id'], 'ksml_deployments_actor_idx');
    table.index(['application'], 'ksml_deployments_application_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ksml_deployments', table => {
    table.dropIndex(['application'], 'ksml_deployments_application_idx');
    table.dropIndex(['actor', 'id'], 'ksml_deployments_actor_idx');
  });
};
