import { InputError } from '@backstage/errors';
import type { DeployRequest } from '@ksml-backstage/plugin-ksml-common';
import { buildValues, BuiltValues } from '../chart/buildValues';
import { mergeValues, Values } from '../chart/mergeValues';
import { ChartValuesSchema } from '../chart/valuesSchema';
import { UnrenderableValuesError } from '../helm/errors';
import type { HelmClient } from '../helm/HelmClient';

/** What a {@link DeployPlanner} plans with (the provisioner's options of the same names). */
export interface DeployPlannerOptions {
  helm: HelmClient;
  customValues?: Values;
  environmentValues?: (environment: string) => Values | undefined;
  secretProperties?: readonly string[];
}

/**
 * The chart values a deploy request installs (for a deploy and for a render alike): the
 * request's own, the platform's custom values of its environment, checked against the chart's
 * values schema; and what a Helm failure to render them owes to those custom values.
 */
export class DeployPlanner {
  readonly #helm: HelmClient;
  readonly #customValues?: Values;
  readonly #environmentValues?: (environment: string) => Values | undefined;
  readonly #secretProperties?: readonly string[];
  #valuesSchema?: Promise<ChartValuesSchema>;

  constructor(options: DeployPlannerOptions) {
    this.#helm = options.helm;
    this.#customValues = options.customValues;
    this.#environmentValues = options.environmentValues;
    this.#secretProperties = options.secretProperties;
  }

  /** The values of a request, refused with a 400 where the chart or its schema cannot take them. */
  async plan(
    request: DeployRequest,
    secretKeys: readonly string[] = [],
  ): Promise<BuiltValues> {
    const customValues = this.#customValuesOf(request.environment);
    const built = buildValues(request, {
      customValues,
      secretProperties: [...(this.#secretProperties ?? []), ...secretKeys],
    });
    this.#valuesSchema ??= this.#helm
      .chartFiles()
      .then(files => ChartValuesSchema.compile(files))
      .catch(error => {
        this.#valuesSchema = undefined; // try again next time
        throw error;
      });
    const problems = (await this.#valuesSchema).problems(
      built.values,
      customValues,
    );
    if (problems.length > 0) {
      throw new InputError(
        `The chart's values.schema.json refuses the values: ${problems.join(
          '; ',
        )}`,
      );
    }
    return built;
  }

  /**
   * Helm's parse error names a template and a line, not a value. The values that break a
   * template are usually the platform's own `customValues` (the public chart cannot render
   * `topologySpreadConstraints`), so the message names those the provisioner added.
   */
  withCustomValues(error: unknown, environment: string): unknown {
    const added = Object.keys(this.#customValuesOf(environment) ?? {});
    if (!(error instanceof UnrenderableValuesError) || added.length === 0)
      return error;
    return new InputError(
      `${error.message}; the provisioner's customValues set ${added.join(
        ', ',
      )} (see docs/chart-compatibility.md for what the public chart cannot render)`,
    );
  }

  /** The platform's values for an environment: every environment's, then its own. */
  #customValuesOf(environment: string): Values | undefined {
    const own = this.#environmentValues?.(environment);
    return own ? mergeValues(this.#customValues, own) : this.#customValues;
  }
}
