import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import LookForm from './LookForm.svelte';
import type { LookFields } from '../lib/look-fields';

const look: LookFields = {
  width: 1600, height: 900, scale: 1, theme: 'dark', timezone: null, timeFrom: null, timeTo: null,
  format: 'png', quality: null, transparent: false, zoom: null,
};

describe('look form', () => {
  it('keeps the aspect with the lock on and offers quick sizes and ranges (Browse)', async () => {
    const onchange = vi.fn();
    render(LookForm, { look, onchange, quick: true, placeholders: { from: 'now-6h', to: 'now' } });
    await fireEvent.change(screen.getByLabelText('Width'), { target: { value: '800' } });
    expect(onchange).toHaveBeenLastCalledWith({ ...look, width: 800, height: 450 });
    await fireEvent.click(screen.getByRole('button', { name: 'Last 7 d' }));
    expect(onchange).toHaveBeenLastCalledWith({ ...look, timeFrom: 'now-7d', timeTo: 'now' });
    expect(screen.getByLabelText('From')).toHaveAttribute('placeholder', 'now-6h');
    expect(screen.getByRole('button', { name: '16:9' })).not.toHaveClass('active');
  });

  it('edits a preset without quick buttons; empty fields mean "not set"; quality only for lossy formats', async () => {
    const onchange = vi.fn();
    const { rerender } = render(LookForm, { look: { ...look, timezone: 'Asia/Tokyo' }, onchange });
    expect(screen.queryByRole('button', { name: 'Last 7 d' })).toBeNull();
    expect(screen.queryByLabelText('Quality')).toBeNull();
    await fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: '  ' } });
    expect(onchange).toHaveBeenLastCalledWith({ ...look, timezone: null });
    // Without the lock (no quick controls) a side changes alone.
    await fireEvent.change(screen.getByLabelText('Height'), { target: { value: '600' } });
    expect(onchange).toHaveBeenLastCalledWith({ ...look, timezone: 'Asia/Tokyo', height: 600 });
    await rerender({ look: { ...look, format: 'jpeg' }, onchange });
    await fireEvent.change(screen.getByLabelText('Quality'), { target: { value: '75' } });
    expect(onchange).toHaveBeenLastCalledWith({ ...look, format: 'jpeg', quality: 75 });
  });

  it('offers text sizes; Auto says what it means and clears the choice', async () => {
    const onchange = vi.fn();
    const { rerender } = render(LookForm, { look, onchange });
    const text = screen.getByLabelText(/^Text/) as HTMLSelectElement;
    expect(text.selectedOptions[0]?.textContent).toBe('Auto (100 %; slides 200 %)');
    await fireEvent.change(text, { target: { value: '1.5' } });
    expect(onchange).toHaveBeenLastCalledWith({ ...look, zoom: 1.5 });
    await rerender({ look: { ...look, zoom: 2 }, onchange });
    expect((screen.getByLabelText(/^Text/) as HTMLSelectElement).selectedOptions[0]?.textContent).toBe('200 %');
    await fireEvent.change(screen.getByLabelText(/^Text/), { target: { value: '' } });
    expect(onchange).toHaveBeenLastCalledWith({ ...look, zoom: null });
  });
});
