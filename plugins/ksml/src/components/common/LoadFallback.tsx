import { EmptyState, Progress } from '@backstage/core-components';
import { KsmlErrorState } from './KsmlErrorState';
import type { Explained } from './loadOrExplain404';
import { NotDeployed } from './NotDeployed';

/** Props of {@link LoadFallback}. */
export interface LoadFallbackProps {
  /** The last answer of the read, if any. */
  answer: Explained<unknown> | undefined;
  /** The read's error, if it failed. */
  error: Error | undefined;
  /** What was being read, for the permission-denied text: "logs", "metrics". */
  subject: string;
  environment: string;
  /** The empty state's title when the release exists but has nothing to show. */
  unavailableTitle: string;
  /** Its description, given the read's own message. */
  unavailableDescription(message: string): string;
  /** The refresh button, offered with the empty state. */
  refresh: JSX.Element;
  /** Reads again once a Redeploy offered for an app not deployed has ended. */
  onRedeployed?(): void;
}

/**
 * What a view read through {@link loadOrExplain404} shows without data: why the release has
 * none, "not deployed", the error, or progress while loading.
 */
export function LoadFallback(props: LoadFallbackProps): JSX.Element {
  const { answer, error, subject, environment, refresh } = props;
  if (answer?.kind === 'unavailable') {
    return (
      <EmptyState
        missing="data"
        title={props.unavailableTitle}
        description={props.unavailableDescription(answer.message)}
        action={refresh}
      />
    );
  }
  if (error) {
    return (
      <KsmlErrorState
        error={error}
        subject={subject}
        notFound={
          <NotDeployed
            environment={environment}
            onRedeployed={props.onRedeployed}
          />
        }
      />
    );
  }
  return <Progress />;
}
