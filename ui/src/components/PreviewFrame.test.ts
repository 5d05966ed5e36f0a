import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import PreviewFrame from './PreviewFrame.svelte';

const shot = { dataUrl: 'data:image/png;base64,AAAA', widthPx: 3200, heightPx: 1800, durationMs: 452.4, readySignal: 'scenes', pageDrawnMs: null };

describe('preview frame', () => {
  it('asks for a first preview at the export size', () => {
    render(PreviewFrame, { preview: null, rendering: false, width: 1600, height: 900, scale: 2 });
    expect(screen.getByText('Press Preview to draw the panel at 1600×900')).toBeInTheDocument();
    expect(screen.getByText('3200×1800 px')).toBeInTheDocument();
  });

  it('keeps the last picture, dimmed, while the next is drawn, and frames it at the export shape', () => {
    const { container } = render(PreviewFrame, { preview: shot, rendering: true, width: 1600, height: 900, scale: 2 });
    expect(screen.getByRole('status')).toHaveTextContent('Drawing the panel in Grafana…');
    expect(screen.getByAltText('Preview of the selected panel')).toBeInTheDocument();
    expect(container.querySelector('figure')).toHaveClass('busy');
    expect((container.querySelector('[data-preview-frame]') as HTMLElement).style.aspectRatio).toBe('1600 / 900');
    expect(screen.getByText('3200×1800 px · 452 ms · scenes')).toBeInTheDocument();
  });

  it('marks the last picture as not current after a failed render', () => {
    const { container } = render(PreviewFrame, { preview: shot, rendering: false, width: 1600, height: 900, scale: 1, stale: true });
    expect(container.querySelector('figure')).toHaveClass('stale');
    expect(screen.getByText('An older picture: the last render failed (see above)')).toBeInTheDocument();
  });

  it('says what the render waits for', () => {
    render(PreviewFrame, { preview: shot, rendering: true, width: 1600, height: 900, scale: 1, waiting: '2 data queries are running' });
    expect(screen.getByRole('status')).toHaveTextContent('Drawing the panel in Grafana… — 2 data queries are running');
  });
});
