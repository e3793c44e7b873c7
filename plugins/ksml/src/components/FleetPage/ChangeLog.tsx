import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  ContentHeader,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { errorMessage } from '../common/errors';
import { LabelledSelect } from '../common/LabelledSelect';
import { RefreshButton } from '../common/RefreshButton';
import { PROSE_COLUMN_WIDTH, ScrollingTable } from '../common/ScrollingTable';
import { formatAbsoluteTime, formatRelativeTime } from '../common/time';
import { changeActor, type ActorChoice, type ChangeRow } from './changeLog';
import { ApplicationCell } from './FleetCells';
import { actorName } from './fleet';
import { CHANGES_SHOWN, useChanges } from './useChanges';

/** The query parameter the Who filter lives in, so one person's changes can be linked to. */
export const ACTOR_PARAM = 'actor';

/** The select value that does not narrow. */
const EVERYONE = 'all';

/** The Who filter in the page's query parameters, and a setter that writes it back. */
function useActorFilter(): [string | undefined, (actor?: string) => void] {
  const [params, setParams] = useSearchParams();
  const actor = params.get(ACTOR_PARAM) || undefined;
  const setActor = useCallback(
    (next?: string) =>
      setParams(
        previous => {
          const updated = new URLSearchParams(previous);
          if (next) updated.set(ACTOR_PARAM, next);
          else updated.delete(ACTOR_PARAM);
          return updated;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [actor, setActor];
}

/** Who made the change: a user linked to the user's entity, a service as recorded. */
function WhoCell(props: { actor?: string }): JSX.Element {
  const actor = changeActor(props.actor);
  if (!actor) return <>–</>;
  if (!actor.entityRef) {
    return <span title={actor.ref}>{actor.name}</span>;
  }
  return (
    <span title={actor.ref}>
      <EntityRefLink entityRef={actor.entityRef}>{actor.name}</EntityRefLink>
    </span>
  );
}

/** One change: when, who, what, which app (linked to its entity) and where. */
function ChangeTableRow(props: {
  row: ChangeRow;
  catalogRead: boolean;
}): JSX.Element {
  const { row, catalogRead } = props;
  const { record } = row;
  return (
    <TableRow>
      <TableCell>
        <time
          dateTime={record.createdAt}
          title={formatAbsoluteTime(record.createdAt)}
        >
          {formatRelativeTime(record.createdAt)}
        </time>
      </TableCell>
      <TableCell>
        <WhoCell actor={record.actor} />
      </TableCell>
      <TableCell style={{ minWidth: PROSE_COLUMN_WIDTH }}>
        <Typography
          variant="body2"
          color={record.outcome === 'failed' ? 'error' : 'textPrimary'}
        >
          {row.what}
        </Typography>
      </TableCell>
      <TableCell>
        <ApplicationCell
          app={record}
          entity={row.entity}
          catalogRead={catalogRead}
        />
      </TableCell>
      <TableCell>{record.environment}</TableCell>
    </TableRow>
  );
}

/** The Who filter: everyone, or one person among those who made the newest changes. */
function WhoFilter(props: {
  actors: ActorChoice[];
  actor?: string;
  onChange(actor?: string): void;
}): JSX.Element {
  const { actors, actor, onChange } = props;
  return (
    <Box role="search" aria-label="Filter changes" display="flex" mb={2}>
      <LabelledSelect
        id="changes-actor"
        label="Who"
        value={actor ?? EVERYONE}
        options={[
          { value: EVERYONE, label: 'Everyone' },
          ...actors.map(choice => ({
            value: choice.value,
            label: `${choice.label} (${choice.count})`,
          })),
        ]}
        onChange={value => onChange(value === EVERYONE ? undefined : value)}
      />
    </Box>
  );
}

/**
 * The change log across apps: the newest recorded operations of every app the backend manages
 * (deploys, promotions, rollbacks, scales, restarts, undeploys), newest first, with who made
 * each, what it did and how it ended, and the app and environment, linked to the app's entity.
 * Narrowed to one person with the Who filter, kept in the `actor` query parameter.
 */
export function KsmlChangeLog(): JSX.Element {
  const [actor, setActor] = useActorFilter();
  const { rows, actors, error, catalogError, retry } = useChanges(actor);

  let body: JSX.Element;
  if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!rows) {
    body = <Progress />;
  } else if (rows.length === 0) {
    body = (
      <Typography variant="body2" align="center" style={{ padding: 16 }}>
        {actor
          ? `No change by ${actorName(actor)} is recorded.`
          : 'No change is recorded yet.'}
      </Typography>
    );
  } else {
    body = (
      <ScrollingTable label="Changes">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Who</TableCell>
            <TableCell style={{ minWidth: PROSE_COLUMN_WIDTH }}>What</TableCell>
            <TableCell>Application</TableCell>
            <TableCell>Environment</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <ChangeTableRow
              key={row.id}
              row={row}
              catalogRead={!catalogError}
            />
          ))}
        </TableBody>
      </ScrollingTable>
    );
  }

  return (
    <>
      <ContentHeader title="Changes">
        <RefreshButton label="Refresh changes" onClick={retry} />
      </ContentHeader>
      <Typography variant="body2" color="textSecondary" paragraph>
        {actor
          ? `The newest ${CHANGES_SHOWN} operations by ${actorName(
              actor,
            )} on any app, newest first.`
          : `The newest ${CHANGES_SHOWN} operations on every app, newest first.`}
      </Typography>
      {catalogError && (
        <WarningPanel
          title="Could not read the catalog"
          message={`Changes are listed without their entity links: ${errorMessage(
            catalogError,
          )}`}
        />
      )}
      <WhoFilter actors={actors} actor={actor} onChange={setActor} />
      {body}
    </>
  );
}
