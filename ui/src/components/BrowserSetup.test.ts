import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';

type Handler = (cmd: string, args: Record<string, unknown>) => unknown;
let handler: Handler = () => undefined;
vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string, args: Record<string, unknown>) => handler(cmd, args)),
  Channel: class {
    onmessage: (m: unknown) => void = () => {};
  },
}));

import BrowserSetup from './BrowserSetup.svelte';

const missing = {
  path: null,
  version: null,
  origin: null,
  problem: { code: 'chromium.not_found', message: 'no Chromium-based browser found (looked at: /usr/bin/chromium, …)' },
  headlessShell: false,
  canDownload: true,
  offerHeadlessShell: false,
  source: 'https://example/cft.json',
};
const ready = { ...missing, path: '/data/browser/chrome-headless-shell', version: 'Chromium 142', origin: 'downloaded', problem: null, headlessShell: true };
const fullChrome = { ...missing, path: '/opt/google/chrome/chrome', version: 'Google Chrome 142', origin: 'system', problem: null, headlessShell: false, offerHeadlessShell: true };

describe('browser set-up', () => {
  beforeEach(() => {
    handler = () => undefined;
  });

  it('explains a missing browser without the raw error, downloads with progress, then shows the browser', async () => {
    let sendProgress: ((p: unknown) => void) | null = null;
    let finish: (v: unknown) => void = () => {};
    handler = (cmd, args) => {
      if (cmd === 'browser_status') return missing;
      if (cmd === 'browser_install') {
        sendProgress = (args.progress as { onmessage: (p: unknown) => void }).onmessage;
        return new Promise((resolve) => (finish = resolve));
      }
      return undefined;
    };
    const ready_ = vi.fn();
    render(BrowserSetup, { onready: ready_ });
    expect(await screen.findByText(/needs a Chrome-based browser/)).toBeInTheDocument();
    expect(screen.queryByText(/looked at/)).not.toBeInTheDocument();
    expect(screen.queryByText('chromium.not_found')).not.toBeInTheDocument();

    await fireEvent.click(screen.getByRole('button', { name: 'Download headless shell' }));
    await vi.waitFor(() => expect(sendProgress).not.toBeNull());
    sendProgress!({ step: 'downloading', received: 25_000_000, total: 100_000_000 });
    await vi.waitFor(() => expect((screen.getByLabelText('Download progress') as HTMLProgressElement).value).toBeCloseTo(0.25));
    expect(screen.getByText('Downloading 25.0 of 100.0 MB')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Downloading…' })).toBeDisabled();

    finish(ready);
    expect(await screen.findByText(/Rendering with Chromium 142 · downloaded by Panelshot/)).toBeInTheDocument();
    expect(ready_).toHaveBeenCalledWith(ready);
  });

  it('shows a failed download with a retry, and a launcher script for what it is', async () => {
    handler = (cmd) => {
      if (cmd === 'browser_status')
        return { ...missing, path: '/var/lib/flatpak/exports/bin/com.google.Chrome', problem: { code: 'chromium.launcher_script', message: 'x' } };
      if (cmd === 'browser_install')
        throw { code: 'browser.download_failed', message: 'the download of https://x stopped at 3.0 MB of 100.0 MB: the connection broke. Nothing was installed; try again' };
      return undefined;
    };
    render(BrowserSetup);
    expect(await screen.findByText(/only starts the real browser in a sandbox/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Download headless shell' }));
    expect(await screen.findByText(/stopped at 3.0 MB of 100.0 MB/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try the download again' })).toBeEnabled();
  });

  it('offers no download where none is published, only what to install', async () => {
    handler = (cmd) => (cmd === 'browser_status' ? { ...missing, canDownload: false } : undefined);
    render(BrowserSetup);
    expect(await screen.findByText(/Install Chromium from your system's packages/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Download headless shell' })).not.toBeInTheDocument();
  });

  it('offers the lighter headless shell beside a full browser found on the computer, and renders with it once downloaded', async () => {
    let finish: (v: unknown) => void = () => {};
    handler = (cmd) => {
      if (cmd === 'browser_status') return fullChrome;
      if (cmd === 'browser_install') return new Promise((resolve) => (finish = resolve));
      return undefined;
    };
    const ready_ = vi.fn();
    render(BrowserSetup, { onready: ready_ });
    expect(await screen.findByText(/Rendering with Google Chrome 142 · found on this computer/)).toBeInTheDocument();
    expect(ready_).toHaveBeenCalledWith(fullChrome);
    expect(screen.getByText(/headless shell draws the same panels as a full browser/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Check again' })).not.toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Download headless shell' }));
    expect(screen.getByRole('button', { name: 'Downloading…' })).toBeDisabled();
    finish(ready);
    expect(await screen.findByText(/Rendering with Chromium 142 · downloaded by Panelshot/)).toBeInTheDocument();
    expect(screen.queryByText(/headless shell draws the same panels/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Download headless shell' })).not.toBeInTheDocument();
  });

  // Which browsers get the offer is the core's rule (`BrowserStatus::offer_headless_shell`, tested
  // there); the window follows it and never offers beside a browser that does not work.
  it('offers nothing where the core says not to, or beside a browser that does not work', async () => {
    for (const status of [
      { ...fullChrome, path: '/usr/lib/chromium/chromium-headless-shell', headlessShell: true, offerHeadlessShell: false },
      { ...fullChrome, origin: 'chosen', offerHeadlessShell: false },
      { ...fullChrome, problem: { code: 'chromium.launch_failed', message: 'it crashed' } },
    ]) {
      handler = (cmd) => (cmd === 'browser_status' ? status : undefined);
      const { unmount } = render(BrowserSetup);
      expect(await screen.findByText(status.problem ? /does not start/ : /Rendering with/)).toBeInTheDocument();
      // Beside a browser that does not start the download is the fix, not a lighter choice.
      if (!status.problem) expect(screen.queryByRole('button', { name: 'Download headless shell' })).not.toBeInTheDocument();
      expect(screen.queryByText(/headless shell draws the same panels/)).not.toBeInTheDocument();
      unmount();
    }
  });
});
