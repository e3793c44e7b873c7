// @ts-check

/**
 * Deploy history (desired state of every deploy, without secrets) and release locks.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ksml_deployments', table => {
    table.comment('Every deploy and undeploy of a KSML app: the desired state, without secrets');
    table.bigIncrements('id').primary();
    table.string('release', 63).notNullable();
    table.string('environment', 63).notNullable();
    table.string('tenant', 63).notNullable();
    table.string('instance', 63).notNullable();
    table.string('application', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('operation', 16).notNullable().comment('deploy or undeploy');
    table.string('outcome', 16).notNullable().comment('pending, succeeded or failed');
    table.integer('revision').nullable().comment('Helm revision after a successful deploy');
    table.text('request').nullable().comment('The deploy request as JSON, secret values redacted');
    table.text('error').nullable();
    table.string('actor', 255).nullable().comment('Entity ref of the user or service that asked');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['release', 'environment'], 'ksml_deployments_release_idx');
  });
  await knex.schema.createTable('ksml_locks', table => {
    table.comment('One operation at a time per release, across backend replicas');
    table.string('lock_key', 191).primary();
    table.string('holder', 64).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ksml_locks');
  await knex.schema.dropTable('ksml_deployments');
};
