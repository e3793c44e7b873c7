import Chip from '@material-ui/core/Chip';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusRunning,
} from '@backstage/core-components';
import { stateTone, type KsmlDisplayState, type StateTone } from './state';

const INDICATORS: Record<
  Exclude<StateTone, 'none'>,
  (props: { children?: React.ReactNode }) => JSX.Element
> = {
  ok: StatusOK,
  running: StatusRunning,
  error: StatusError,
  aborted: StatusAborted,
};

/** Props of {@link StateChip}. */
export interface StateChipProps {
  state: KsmlDisplayState;
}

/** The app's state as a chip, coloured with core-components' status indicators. */
export function StateChip(props: StateChipProps): JSX.Element {
  const { state } = props;
  const tone = stateTone(state);
  const Indicator = tone === 'none' ? undefined : INDICATORS[tone];
  return (
    <Chip
      size="small"
      variant="outlined"
      data-testid="ksml-state"
      aria-label={`State: ${state}`}
      label={Indicator ? <Indicator>{state}</Indicator> : state}
    />
  );
}
