import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AuthStatus, User } from '../../shared/auth';
import { LOCAL_CONNECTION } from '../../main/app';
import { setTransport } from '../../renderer/api/client';
import { GroupEditor } from '../../renderer/customers/GroupEditor';
import { FormActions } from '../../renderer/forms/FormActions';
import { fieldsOrFailure, rootFailure } from '../../renderer/forms/zod-form-resolver';
import { initI18n } from '../../renderer/i18n';
import { TEST_PIN } from '../helpers/temp-app';
import { inProcessApp } from './in-process-transport';

beforeEach(async () => {
  await initI18n('en');
});

describe('a form ends with FormActions', () => {
  it('shows Cancel, the other actions, then submit, and the failure above them', () => {
    render(
      <form>
        <FormActions failure="FORBIDDEN" failureTestId="f-error" onCancel={() => {}} submitLabel="Save" submitTestId="f-save">
          <button type="button">Back</button>
        </FormActions>
      </form>,
    );
    expect(screen.getByTestId('f-error')).toHaveTextContent('Your role does not allow this.');
    expect(screen.getByRole('alert')).toBe(screen.getByTestId('f-error'));
    const names = screen.getAllByRole('button').map((b) => b.textContent);
    expect(names).toEqual(['Cancel', 'Back', 'Save']);
    expect(screen.getByTestId('f-save')).toHaveAttribute('type', 'submit');
    expect(screen.getByTestId('f-save')).toBeEnabled();
  });

  it('has no Cancel without onCancel, no failure without one, and waits while busy', async () => {
    const onCancel = vi.fn();
    const { rerender } = render(<FormActions submitLabel="Save" submitTestId="f-save" busy />);
    expect(screen.queryByText('Cancel')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByTestId('f-save')).toBeDisabled();
    rerender(<FormActions onCancel={onCancel} submitLabel="Save" submitTestId="f-save" />);
    await userEvent.setup().click(screen.getByText('Cancel'));
    expect(onCancel).toHaveBeenCalledOnce();
  });
});

describe('server errors on a form', () => {
  it('a refusal with fields goes next to them; one without fields is the whole form’s', () => {
    expect(fieldsOrFailure({ code: 'VALIDATION', message: '', fields: { name: 'required' } })).toEqual({
      fields: { name: 'required' },
      failure: null,
    });
    expect(fieldsOrFailure({ code: 'FORBIDDEN', message: '' })).toEqual({ fields: {}, failure: 'FORBIDDEN' });
  });

  it('the root of a react-hook-form shows what is not already beside a field', () => {
    expect(rootFailure({})).toBeNull();
    expect(rootFailure({ root: { message: 'VALIDATION' } })).toBeNull();
    expect(rootFailure({ root: { message: 'CONFLICT' } })).toBe('CONFLICT');
  });

  it('a cashier saving a group is told their role does not allow it', async () => {
    const harness = inProcessApp();
    try {
      setTransport(harness.transport);
      const call = async <T,>(channel: string, input: unknown) => {
        const result = await harness.app.call(channel, input, LOCAL_CONNECTION);
        if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
        return result.value as T;
      };
      const cashier = await call<User>('users.add', { name: 'Diego', role: 'cashier', readOnly: false, pin: TEST_PIN });
      await call<AuthStatus>('auth.signIn', { userId: cashier.id, pin: TEST_PIN });
      const user = userEvent.setup();
      render(<GroupEditor group={null} onDone={() => {}} />);
      await user.type(screen.getByTestId('group-name'), 'Mayoristas');
      await user.click(screen.getByTestId('group-save'));
      const editor = screen.getByTestId('group-editor');
      expect(await within(editor).findByRole('alert')).toHaveTextContent('Your role does not allow this.');
      expect(screen.getByTestId('group-save')).toBeEnabled();
    } finally {
      harness.close();
    }
  });
});
