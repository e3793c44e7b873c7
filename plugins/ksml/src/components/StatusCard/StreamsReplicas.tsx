import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import {
  replicaLabel,
  type KsmlReplicaStreams,
} from '@ksml-backstage/plugin-ksml-common';
import { formatAbsoluteTime } from '../common/time';
import { streamsLine, streamsTone } from './streams';

const ICONS = {
  ok: StatusOK,
  pending: StatusPending,
  error: StatusError,
  unknown: StatusWarning,
};

/**
 * Each replica's Kafka Streams client as its runner reports it: state and since when, threads,
 * and a bar while it restores state. The time of the reading (and an Unknown's detail) on hover.
 */
export function StreamsReplicas(props: {
  streams: KsmlReplicaStreams[];
  now?: Date;
}): JSX.Element {
  return (
    <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {props.streams.map(replica => {
        const Icon = ICONS[streamsTone(replica.state)];
        const hover = [
          replica.message,
          replica.observedAt &&
            `read from the runner at ${formatAbsoluteTime(replica.observedAt)}`,
        ]
          .filter(Boolean)
          .join('; ');
        const progress = replica.restore?.progress;
        return (
          <li
            key={replica.replicaName}
            aria-label={`replica ${replica.replicaName} Kafka Streams`}
          >
            <Tooltip title={hover}>
              <Typography variant="body2" component="span">
                <Icon />
                {replicaLabel(replica.replicaName)}:{' '}
                {streamsLine(replica, props.now)}
              </Typography>
            </Tooltip>
            {progress !== undefined && (
              <LinearProgress
                variant="determinate"
                value={Math.round(progress * 100)}
                aria-label={`replica ${replica.replicaName} state restore`}
              />
            )}
          </li>
        );
      })}
    </Box>
  );
}
