import { describe, expect, it, vi } from 'vitest';
import { toasts } from './toast.svelte';

describe('toasts', () => {
  it('shows the newest results, at most two, a repeated one once, and each goes by itself', () => {
    vi.useFakeTimers();
    try {
      toasts.show('Saved a.png');
      toasts.show('Saved b.png');
      toasts.show('Saved a.png');
      expect(toasts.list.map((t) => t.text)).toEqual(['Saved b.png', 'Saved a.png']);
      toasts.show('c');
      toasts.show('d', 'warn');
      expect(toasts.list.map((t) => t.text)).toEqual(['c', 'd']);
      expect(toasts.list.at(-1)?.kind).toBe('warn');
      toasts.dismiss(toasts.list[0]!.id);
      expect(toasts.list).toHaveLength(1);
      vi.advanceTimersByTime(6000);
      expect(toasts.list).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
