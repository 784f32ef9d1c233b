import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { StatusLine } from '../../src/ui/StatusLine.js';

describe('the status line', () => {
  it('says when the instance is busy with others’ documents, beside the usual hint', () => {
    const busy = 'instance busy: 2 commands waiting for its 5 workers';
    const { lastFrame, unmount } = render(<StatusLine startedAt={0} commandId="cmd-1" phase="streaming" cancelling={false} busy={busy} now={() => 1500} />);
    expect(lastFrame()).toContain(`1.5s · cmd-1 · ${busy} · Ctrl+C to cancel`);
    unmount();
  });

  it('says nothing of the instance while it is not busy', () => {
    const { lastFrame, unmount } = render(<StatusLine startedAt={0} commandId="cmd-1" phase="streaming" cancelling={false} now={() => 1500} />);
    expect(lastFrame()).toContain('1.5s · cmd-1 · Ctrl+C to cancel');
    unmount();
  });
});
