import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

/** Picks `option` in the Material UI Select labelled `label`. */
export async function selectOption(label: string, option: string) {
  await userEvent.click(
    screen.getByRole('button', { name: new RegExp(label) }),
  );
  const listbox = await screen.findByRole('listbox');
  await userEvent.click(within(listbox).getByRole('option', { name: option }));
}
