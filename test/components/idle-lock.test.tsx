import { fireEvent, render } from '@testing-library/react';
import { TOUCH_EVERY_MS, useIdleLock } from '../../renderer/auth/use-idle-lock';

function Probe({ minutes, onIdle, onActive }: { minutes: number; onIdle(): void; onActive(): void }) {
  useIdleLock(minutes, onIdle, onActive);
  return null;
}

describe('the idle lock in the renderer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-11-24T15:00:00.000Z') });
  });
  afterEach(() => vi.useRealTimers());

  it('tells main of a touch at most every 30 s, and locks after the minutes without one', () => {
    const onIdle = vi.fn();
    const onActive = vi.fn();
    render(<Probe minutes={5} onIdle={onIdle} onActive={onActive} />);
    fireEvent.pointerDown(window);
    expect(onActive).not.toHaveBeenCalled();
    vi.advanceTimersByTime(TOUCH_EVERY_MS);
    fireEvent.keyDown(window, { key: 'a' });
    fireEvent.keyDown(window, { key: 'b' });
    expect(onActive).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(TOUCH_EVERY_MS - 1);
    fireEvent.pointerDown(window);
    expect(onActive).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    fireEvent.pointerDown(window);
    expect(onActive).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5 * 60_000 - 1000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(onIdle).toHaveBeenCalled();
  });

  it('with 0 minutes (never) neither locks nor sends touches', () => {
    const onIdle = vi.fn();
    const onActive = vi.fn();
    render(<Probe minutes={0} onIdle={onIdle} onActive={onActive} />);
    vi.advanceTimersByTime(TOUCH_EVERY_MS);
    fireEvent.pointerDown(window);
    vi.advanceTimersByTime(24 * 60 * 60_000);
    expect(onActive).not.toHaveBeenCalled();
    expect(onIdle).not.toHaveBeenCalled();
  });
});
