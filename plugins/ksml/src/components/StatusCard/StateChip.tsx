import Chip from '@material-ui/core/Chip';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import {
  stateExplanation,
  stateTone,
  type KsmlDisplayState,
  type StateTone,
} from './state';

const INDICATORS: Record<
  Exclude<StateTone, 'none'>,
  (props: { children?: React.ReactNode }) => JSX.Element
> = {
  ok: StatusOK,
  running: StatusRunning,
  error: StatusError,
  warning: StatusWarning,
  aborted: StatusAborted,
};

/** Props of {@link StateChip}. */
export interface StateChipProps {
  state: KsmlDisplayState;
  /** Why the state is what it is, e.g. the error that left it Unknown; in the chip's title. */
  error?: string;
}

/**
 * The app's state as a chip, coloured with core-components' status indicators; its title says
 * why a state is Unknown.
 */
export function StateChip(props: StateChipProps): JSX.Element {
  const { state, error } = props;
  const tone = stateTone(state);
  const Indicator = tone === 'none' ? undefined : INDICATORS[tone];
  return (
    <Chip
      size="small"
      variant="outlined"
      data-testid="ksml-state"
      aria-label={`State: ${state}`}
      title={stateExplanation(state, error)}
      label={Indicator ? <Indicator>{state}</Indicator> : state}
    />
  );
}
