import { render, screen, waitFor } from '@testing-library/react';
import { identityApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider } from '@backstage/test-utils';
import { KsmlOwnerField } from './KsmlOwnerField';

describe('KsmlOwnerField', () => {
  const identity = {
    getBackstageIdentity: async () => ({
      type: 'user' as const,
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs: [],
    }),
  };
  /** The app's OwnerPicker, as the scaffolder registers it. */
  const OwnerPicker = (p: { formData?: string }) => (
    <div>OwnerPicker showing {p.formData ?? 'nothing'}</div>
  );
  const props = (formData: string | undefined, onChange = jest.fn()) =>
    ({
      formData,
      onChange,
      rawErrors: [],
      schema: { title: 'Owner' },
      uiSchema: {},
      idSchema: { $id: 'root_owner' },
      registry: { fields: { OwnerPicker } },
    } as any);

  it('fills in the signed-in user, in the app’s OwnerPicker', async () => {
    const p = props(undefined);
    render(
      <TestApiProvider apis={[[identityApiRef, identity]]}>
        <KsmlOwnerField {...p} />
      </TestApiProvider>,
    );
    expect(screen.getByText('OwnerPicker showing nothing')).toBeInTheDocument();
    await waitFor(() =>
      expect(p.onChange).toHaveBeenCalledWith('user:default/guest'),
    );
  });

  it('keeps an owner already chosen', async () => {
    const p = props('group:default/platform');
    render(
      <TestApiProvider apis={[[identityApiRef, identity]]}>
        <KsmlOwnerField {...p} />
      </TestApiProvider>,
    );
    expect(
      screen.getByText('OwnerPicker showing group:default/platform'),
    ).toBeInTheDocument();
    await new Promise(r => setTimeout(r, 10));
    expect(p.onChange).not.toHaveBeenCalled();
  });

  it('is a text field where the app has no OwnerPicker', () => {
    const p = { ...props('user:default/ann'), registry: { fields: {} } };
    render(<KsmlOwnerField {...p} />);
    expect(screen.getByLabelText('Owner')).toHaveValue('user:default/ann');
  });
});
