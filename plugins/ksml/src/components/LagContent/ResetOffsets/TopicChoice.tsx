import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';

/** The input topics to reset, all by default (`topics` is then left out of the request). */
export function TopicChoice(props: {
  topics: string[];
  chosen: string[];
  error?: string;
  onChange(topics: string[]): void;
}): JSX.Element {
  const { topics, chosen, error, onChange } = props;
  return (
    <FormControl component="fieldset" margin="dense" fullWidth error={!!error}>
      <FormLabel component="legend">Input topics</FormLabel>
      <FormGroup row>
        {topics.map(topic => (
          <FormControlLabel
            key={topic}
            label={topic}
            control={
              <Checkbox
                color="primary"
                checked={chosen.includes(topic)}
                onChange={event =>
                  onChange(
                    event.target.checked
                      ? [...chosen, topic]
                      : chosen.filter(t => t !== topic),
                  )
                }
              />
            }
          />
        ))}
      </FormGroup>
      <FormHelperText>{error ?? 'All of them by default'}</FormHelperText>
    </FormControl>
  );
}
