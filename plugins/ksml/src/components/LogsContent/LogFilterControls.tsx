import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { LabelledSelect } from '../common/LabelledSelect';
import {
  describeFilter,
  levelLabel,
  LOG_LEVELS,
  type LogFilter,
  type LogLevel,
} from './logFilter';

/** Props of {@link LogFilterControls}. */
export interface LogFilterControlsProps {
  filter: LogFilter;
  onChange(filter: LogFilter): void;
}

/**
 * The Level select and the Logger field of the logs view: which lines show, in the tail of a
 * replica's log and in a followed log alike.
 */
export function LogFilterControls(props: LogFilterControlsProps): JSX.Element {
  const { filter, onChange } = props;
  return (
    <>
      <LabelledSelect
        id="log-level"
        label="Level"
        value={filter.minLevel ?? 'ALL'}
        options={[
          { value: 'ALL', label: 'All' },
          ...LOG_LEVELS.map(level => ({
            value: level,
            label: levelLabel(level),
          })),
        ]}
        onChange={value =>
          onChange({
            ...filter,
            minLevel: value === 'ALL' ? undefined : (value as LogLevel),
          })
        }
      />
      <TextField
        id="log-logger"
        label="Logger"
        placeholder="e.g. ksml.function"
        size="small"
        value={filter.logger ?? ''}
        onChange={e => onChange({ ...filter, logger: e.target.value })}
      />
    </>
  );
}

/**
 * What a log pane shows when the filter keeps none of its lines: says so, and which filter,
 * where the pane would otherwise show a lone, empty line 1.
 */
export function NoMatchingLines(props: { filter: LogFilter }): JSX.Element {
  return (
    <Typography variant="body2" role="status">
      No lines match the filter ({describeFilter(props.filter)}).
    </Typography>
  );
}
