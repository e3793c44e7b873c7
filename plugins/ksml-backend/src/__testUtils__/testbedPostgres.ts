import type { TestDatabaseId } from '@backstage/backend-test-utils';
import { loadTestbedEnv } from '@ksml-backstage/testbed';

/**
 * The test bed's PostgreSQL server as a database of Backstage's `TestDatabases`: its id, with
 * the connection string set where `TestDatabases` looks for it, and its URL.
 */
export function testbedPostgres(): { id: TestDatabaseId; url: string } {
  const { version, url } = loadTestbedEnv().postgres;
  process.env[`BACKSTAGE_TEST_DATABASE_POSTGRES${version}_CONNECTION_STRING`] =
    url;
  return { id: `POSTGRES_${version}` as TestDatabaseId, url };
}
