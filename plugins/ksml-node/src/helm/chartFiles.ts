import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ChartFiles } from '../chart/valuesSchema';

const VALUES = 'values.yaml';
const SCHEMA = 'values.schema.json';
const CHART = 'Chart.yaml';

/**
 * Reads a chart's `values.yaml`, `values.schema.json` and its appVersion (`Chart.yaml`) from a chart folder or a packaged
 * chart (`.tgz`, as `helm pull` and `helm package` write it).
 */
export async function readChartFiles(path: string): Promise<ChartFiles> {
  const files = (await stat(path)).isDirectory()
    ? await readFolder(path)
    : await readArchive(path);
  return {
    defaults: (files[VALUES] ? parse(files[VALUES]) : undefined) ?? {},
    ...(files[SCHEMA] ? { schema: JSON.parse(files[SCHEMA]) } : {}),
    ...appVersionOf(files[CHART]),
  };
}

function appVersionOf(chartYaml: string | undefined): { appVersion?: string } {
  const appVersion = chartYaml ? parse(chartYaml)?.appVersion : undefined;
  return appVersion === undefined ? {} : { appVersion: String(appVersion) };
}

async function readFolder(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of [VALUES, SCHEMA, CHART]) {
    try {
      out[name] = await readFile(join(dir, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return out;
}

/** The three files at the top of the archive's chart folder (`<chart>/values.yaml`). */
async function readArchive(file: string): Promise<Record<string, string>> {
  const tar = await import('tar');
  const out: Record<string, string> = {};
  await tar.t({
    file,
    onReadEntry: entry => {
      const name = entry.path.split('/');
      if (name.length === 2 && [VALUES, SCHEMA, CHART].includes(name[1])) {
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => {
          out[name[1]] = Buffer.concat(chunks).toString('utf8');
        });
      } else {
        entry.resume();
      }
    },
  });
  return out;
}
