import Box from '@material-ui/core/Box';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import SearchIcon from '@material-ui/icons/Search';
import { LabelledSelect } from '../common/LabelledSelect';
import type { FleetChoice, FleetChoices, FleetFilters } from './fleet';

/** The select value that does not narrow. */
const ALL = 'all';

/** Props of {@link FleetFilterBar}. */
export interface FleetFilterBarProps {
  choices: FleetChoices;
  filters: FleetFilters;
  onChange(filters: FleetFilters): void;
}

/** "All", then each choice with its count; a chosen value no row has (from a link) as 0. */
function options(choices: FleetChoice[], all: string, chosen?: string) {
  const missing =
    chosen && !choices.some(choice => choice.value === chosen)
      ? [{ value: chosen, label: chosen, count: 0 }]
      : [];
  return [
    { value: ALL, label: all },
    ...[...choices, ...missing].map(choice => ({
      value: choice.value,
      label: `${choice.label} (${choice.count})`,
    })),
  ];
}

/** The fleet's search box and its state, owner and environment selects. */
export function FleetFilterBar(props: FleetFilterBarProps): JSX.Element {
  const { choices, filters, onChange } = props;
  const select = (
    key: 'state' | 'owner' | 'environment',
    label: string,
    list: FleetChoice[],
    all: string,
  ) => (
    <LabelledSelect
      id={`fleet-${key}`}
      label={label}
      value={filters[key] ?? ALL}
      options={options(list, all, filters[key])}
      onChange={value =>
        onChange({ ...filters, [key]: value === ALL ? undefined : value })
      }
    />
  );
  return (
    <Box
      role="search"
      aria-label="Filter apps"
      display="flex"
      flexWrap="wrap"
      gridGap={16}
      mb={2}
    >
      <TextField
        id="ksml-fleet-search"
        size="small"
        variant="outlined"
        label="Search"
        placeholder="Application, tenant, release, owner, who"
        value={filters.search ?? ''}
        onChange={event =>
          onChange({ ...filters, search: event.target.value || undefined })
        }
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        }}
      />
      {select('state', 'State', choices.states, 'All states')}
      {select('owner', 'Owner', choices.owners, 'All owners')}
      {select(
        'environment',
        'Environment',
        choices.environments,
        'All environments',
      )}
    </Box>
  );
}
