import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import VariablesForm from './VariablesForm.svelte';
import { defaultOptions } from '../lib/options';
import type { Variable } from '../lib/types';

const variables: Variable[] = [
  { name: 'env', label: 'Environment', kind: 'custom', current: ['prod'], options: [{ text: 'prod', value: 'prod' }, { text: 'dev', value: 'dev' }], multi: false, includeAll: false },
  { name: 'host', label: null, kind: 'query', current: ['a'], options: [{ text: 'a', value: 'a' }, { text: 'b', value: 'b' }], multi: true, includeAll: true },
  { name: 'fixed', label: null, kind: 'constant', current: ['x'], options: [], multi: false, includeAll: false },
];

describe('variables form', () => {
  it('shows the values on screen and changes one variable without touching the others', async () => {
    const options = { ...defaultOptions(), vars: [['env', 'prod'], ['host', 'a']] as [string, string][] };
    const onchange = vi.fn();
    render(VariablesForm, { variables, options, each: '', onchange, oneach: () => {} });
    expect((screen.getByLabelText('Variable env') as HTMLSelectElement).value).toBe('prod');
    expect(screen.queryByLabelText('Variable fixed')).toBeNull();
    await fireEvent.change(screen.getByLabelText('Variable env'), { target: { value: 'dev' } });
    expect(onchange).toHaveBeenLastCalledWith({ ...options, vars: [['host', 'a'], ['env', 'dev']] });
    expect(screen.getByRole('option', { name: 'All' })).toBeInTheDocument();
  });

  it('offers one image per value of a variable with several values', async () => {
    const oneach = vi.fn();
    render(VariablesForm, { variables, options: defaultOptions(), each: '', onchange: () => {}, oneach });
    const each = screen.getByLabelText('One image per value of');
    expect([...(each as HTMLSelectElement).options].map((o) => o.text)).toEqual(['— (one image)', 'Environment', 'host']);
    await fireEvent.change(each, { target: { value: 'host' } });
    expect(oneach).toHaveBeenCalledWith('host');
  });
});
